// Typed message -> wire text (PROTOCOL.md §5-§7), driven by the same table as parse() (table.ts).
// No trailing newline: TCP callers add "\n". Values are trusted to be valid (they come from our own
// code), except free text, which often comes from a person or an error message: its field type cleans
// it (cleanFreeText) so format() never emits a line parse() rejects.

import type { Message } from './messages.js';
import { specOf } from './table.js';

/** The wire form of a message, without a line terminator. */
export function format(msg: Message): string {
  const spec = specOf(msg.type);
  // A JavaScript caller may pass anything; a type the table does not know is a programming error.
  if (!spec) throw new Error(`format: unknown message type ${String((msg as { type?: unknown }).type)}`);
  const values = msg as unknown as Record<string, unknown>;
  let out: string = msg.type;
  for (const f of spec.fields) {
    if ('word' in f) {
      out += ` ${f.word}`;
      continue;
    }
    const v = values[f.key];
    // Optional fields nest (each needs the one before it): the first one left out ends the message.
    // An empty string counts as left out, so an empty Secret or Cookie never leaves a trailing space.
    if (f.optional && (v === undefined || v === '')) break;
    out += ` ${f.type.format(v)}`;
  }
  return out;
}
