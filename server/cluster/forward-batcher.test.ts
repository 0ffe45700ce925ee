import { describe, expect, it } from '@jest/globals';
import { ForwardBatcher, MAX_PER_MESSAGE, unbatch } from './forward-batcher.js';

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('forward batcher', () => {
  it('one message per subject per turn, in order; a lone one goes as itself; batches over the cap split', async () => {
    const sent: Array<[string, unknown]> = [];
    const b = new ForwardBatcher<number>((subject, payload) => sent.push([subject, JSON.parse(payload)]));
    b.add('a', 1);
    b.add('b', 2);
    b.add('a', 3);
    expect(sent).toEqual([]); // not before the turn ends
    await turn();
    expect(sent).toEqual([
      ['a', [1, 3]],
      ['b', 2],
    ]);
    sent.length = 0;
    for (let i = 0; i < MAX_PER_MESSAGE + 1; i++) b.add('a', i);
    await turn();
    expect(sent.map(([, p]) => unbatch<number>(p).length)).toEqual([MAX_PER_MESSAGE, 1]);
    expect(sent.flatMap(([, p]) => unbatch<number>(p))).toEqual(
      Array.from({ length: MAX_PER_MESSAGE + 1 }, (_, i) => i),
    );
  });

  it('flush sends at once, and the turn after sends nothing twice', async () => {
    const sent: string[] = [];
    const b = new ForwardBatcher<string>((_subject, payload) => sent.push(payload));
    b.add('a', 'x');
    b.flush();
    expect(sent).toEqual(['"x"']);
    await turn();
    expect(sent).toEqual(['"x"']);
  });

  it('unbatch takes a batch or a single datagram (from a server of the version before)', () => {
    expect(unbatch([{ d: 'a' }, { d: 'b' }])).toEqual([{ d: 'a' }, { d: 'b' }]);
    expect(unbatch({ d: 'a' })).toEqual([{ d: 'a' }]);
  });
});
