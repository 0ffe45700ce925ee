// applyChange's identity bookkeeping: names that are Object.prototype words are names like any other
// (also once the document went through JSON), and an address binds one account, found without a scan.
import { accountKeyAt, applyChange, type Change } from './changes.js';
import { emptyDoc, normalizeDoc, type DbDoc } from './model.js';

const register = (name: string, udpPort: number): Change => ({
  t: 'register',
  name,
  role: 'buyer',
  ip: '127.0.0.1',
  udpPort,
  tcpPort: 9,
  at: 0,
});
const reload = (doc: DbDoc): DbDoc => normalizeDoc(JSON.parse(JSON.stringify(doc)) as DbDoc);

test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'])(
  'an account named %s is stored, found and survives a JSON round trip',
  (name) => {
    const doc = emptyDoc();
    expect(doc.accounts[name]).toBeUndefined();
    applyChange(doc, register(name, 5001));
    expect(doc.accounts[name.toLowerCase()]).toMatchObject({ name, ip: '127.0.0.1', udpPort: 5001 });
    expect(Object.keys(doc.accounts)).toEqual([name.toLowerCase()]);
    const again = reload(doc);
    expect(again.accounts[name.toLowerCase()]).toMatchObject({ name, udpPort: 5001 });
    expect(Object.keys(again.accounts)).toEqual([name.toLowerCase()]);
    expect(accountKeyAt(again, '127.0.0.1', 5001)).toBe(name.toLowerCase());
    applyChange(again, { t: 'deregister', name });
    expect(again.accounts[name.toLowerCase()]).toMatchObject({ deregistered: true, ip: null });
  },
);

test('a read-back document with no such account answers undefined for prototype words', () => {
  const doc = reload(emptyDoc());
  for (const w of ['__proto__', 'constructor', 'toString']) expect(doc.accounts[w]).toBeUndefined();
});

test('one account per address: a REGISTER or LOGIN from a bound address unbinds its holder', () => {
  const doc = emptyDoc();
  applyChange(doc, register('ann', 5001));
  applyChange(doc, register('bob', 5002));
  expect(accountKeyAt(doc, '127.0.0.1', 5001)).toBe('ann');
  applyChange(doc, register('cy', 5001)); // same address as ann
  expect(doc.accounts.ann).toMatchObject({ ip: null, udpPort: null, tcpPort: null });
  expect(accountKeyAt(doc, '127.0.0.1', 5001)).toBe('cy');
  applyChange(doc, { t: 'login', name: 'ann', ip: '127.0.0.1', udpPort: 5002, tcpPort: 7 }); // bob's
  expect(doc.accounts.bob.ip).toBeNull();
  expect(accountKeyAt(doc, '127.0.0.1', 5002)).toBe('ann');
  applyChange(doc, { t: 'login', name: 'ann', ip: '127.0.0.1', udpPort: 5003, tcpPort: 7 }); // moves on
  expect(accountKeyAt(doc, '127.0.0.1', 5002)).toBeUndefined();
  expect(accountKeyAt(doc, '127.0.0.1', 5003)).toBe('ann');
  // the index of a reloaded document agrees
  const again = reload(doc);
  expect(accountKeyAt(again, '127.0.0.1', 5001)).toBe('cy');
  expect(accountKeyAt(again, '127.0.0.1', 5003)).toBe('ann');
  expect(accountKeyAt(again, '127.0.0.1', 5002)).toBeUndefined();
});
