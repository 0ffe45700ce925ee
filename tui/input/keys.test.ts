import { describe, expect, it } from '@jest/globals';
import type { KeyFlags } from './keys.js';
import { keyName, splitKeys } from './keys.js';

const names = (input: string, key: KeyFlags = {}) => splitKeys(input, key).map(keyName);

describe('splitKeys: one event per key Ink recognised', () => {
  it.each<[string, string, KeyFlags, string]>([
    ['↑', '', { upArrow: true }, 'up'],
    ['↓', '', { downArrow: true }, 'down'],
    ['←', '', { leftArrow: true }, 'left'],
    ['→', '', { rightArrow: true }, 'right'],
    ['PgUp', '', { pageUp: true }, 'pageUp'],
    ['PgDn', '', { pageDown: true }, 'pageDown'],
    ['Home', '', { home: true }, 'home'],
    ['End', '', { end: true }, 'end'],
    ['Tab', '', { tab: true }, 'tab'],
    ['Shift-Tab', '', { tab: true, shift: true }, 'backtab'],
    ['Enter', '\r', { return: true }, 'enter'],
    ['Esc', '', { escape: true, meta: true }, 'escape'],
    ['Backspace (\\b)', '', { backspace: true }, 'backspace'],
    ['Backspace (\\x7f, which Ink calls delete)', '', { delete: true }, 'backspace'],
    ['Ctrl-U', 'u', { ctrl: true }, 'clear'],
    ['Ctrl-C', 'c', { ctrl: true }, 'C-c'],
    ['a letter', 'j', {}, 'j'],
    ['a capital', 'G', { shift: true }, 'G'],
    ['a digit', '7', {}, '7'],
    ['an emoji (one code point, two UTF-16 units)', '🦆', {}, '🦆'],
  ])('%s', (_what, input, key, expected) => {
    expect(names(input, key)).toEqual([expected]);
  });

  it('drops Alt-letter (no binding uses it, and it must not type the letter)', () => {
    expect(names('x', { meta: true })).toEqual([]);
  });
});

describe('splitKeys: a chunk of several keys gives several events, in order', () => {
  it.each<[string, string, string[]]>([
    ['jjj moves three rows', 'jjj', ['j', 'j', 'j']],
    ['a pasted amount with Enter', '13.50\r', ['1', '3', '.', '5', '0', 'enter']],
    [
      'Tab and Enter inside a paste',
      'Blue vase\t7.5\t2m\r',
      [...'Blue vase', 'tab', ...'7.5', 'tab', '2', 'm', 'enter'],
    ],
    ['a Windows line end is one Enter', '12\r\n', ['1', '2', 'enter']],
    ['a bare newline is Enter', 'a\nb', ['a', 'enter', 'b']],
    ['Backspace inside a chunk', '12\x7f3', ['1', '2', 'backspace', '3']],
    ['^H inside a chunk', 'ab\bc', ['a', 'b', 'backspace', 'c']],
    ['Ctrl-U inside a chunk', '99\x1512', ['9', '9', 'clear', '1', '2']],
    ['Esc inside a chunk', 'ab\x1b', ['a', 'b', 'escape']],
    ['Ctrl-C inside a chunk', 'q\x03', ['q', 'C-c']],
    ['other controls are dropped', 'a\x00\x9fb', ['a', 'b']],
    ['an empty chunk is nothing', '', []],
  ])('%s', (_what, input, expected) => {
    expect(names(input)).toEqual(expected);
  });
});

describe('splitKeys: Esc typed just before another key (one Ink event, the raw sequence given)', () => {
  // What Ink 6 hands useInput for each raw sequence (its parseKeypress, then useInput's flags).
  it.each<[string, string, KeyFlags, string[]]>([
    ['\x1bj', 'j', { meta: true }, ['escape', 'j']],
    ['\x1bJ', 'J', { meta: true, shift: true }, ['escape', 'J']],
    ['\x1b2', '2', { meta: true }, ['escape', '2']],
    ['\x1b+', '+', {}, ['escape', '+']],
    ['\x1b/', '/', {}, ['escape', '/']],
    ['\x1b\r', '\r', { return: true, meta: true }, ['escape', 'enter']],
    ['\x1b\t', '\t', {}, ['escape', 'tab']],
    ['\x1b\x7f', '', { delete: true, meta: true }, ['escape', 'backspace']],
    ['\x1b ', '', { meta: true }, ['escape', ' ']],
    ['\x1b\x1b', '', { escape: true, meta: true }, ['escape', 'escape']],
    ['\x1b\x1b[A', '', { upArrow: true, meta: true }, ['escape', 'up']],
  ])('%j', (raw, input, k, expected) => {
    expect(splitKeys(input, k, raw).map(keyName)).toEqual(expected);
  });

  it.each<[string, string, KeyFlags, string]>([
    ['\x1b', '', { escape: true, meta: true }, 'escape'],
    ['\x1b[A', '', { upArrow: true }, 'up'],
    ['\x1b[Z', '', { tab: true, shift: true }, 'backtab'],
    ['\x1bOH', '', { home: true }, 'home'],
    ['\x1b[5~', '', { pageUp: true }, 'pageUp'],
  ])('a key Ink parsed from an escape sequence stays one key: %j', (raw, input, k, expected) => {
    expect(splitKeys(input, k, raw).map(keyName)).toEqual([expected]);
  });
});
