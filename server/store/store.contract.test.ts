// One contract, every store: the same behaviour from the durable LogStore (temp file) and MemoryStore.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogStore } from './log-store.js';
import { MemoryStore } from './memory-store.js';
import { storeContract } from './store-contract.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const logStoreOpts = { memoTtlMs: 120_000 };
storeContract(
  'LogStore',
  async () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'store-'));
    dirs.push(d);
    return LogStore.open(path.join(d, 'db.json'), logStoreOpts);
  },
  {
    reopen: (onRecoveredMemo) =>
      LogStore.open(path.join(dirs[dirs.length - 1], 'db.json'), { ...logStoreOpts, onRecoveredMemo }),
  },
);
storeContract('MemoryStore', async () => new MemoryStore());
