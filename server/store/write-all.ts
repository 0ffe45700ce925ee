// Writes that finish: a write may return having written part of its bytes, and the files here (the
// change log, the archive, the snapshot) must never be left torn by a short write that was not continued.
import { write } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';

const writeP = promisify(write) as (
  fd: number,
  data: Buffer,
  offset: number,
  length: number,
) => Promise<{ bytesWritten: number }>;

/** All of `bytes` at the file's position (or its end, for O_APPEND). */
export async function writeAll(fd: number, bytes: Buffer): Promise<void> {
  for (let off = 0; off < bytes.length;) off += (await writeP(fd, bytes, off, bytes.length - off)).bytesWritten;
}

/** All of `parts`, in order, with writev (at most 1,024 buffers per call, libuv's limit). */
export async function writeAllv(fh: FileHandle, parts: readonly Buffer[]): Promise<void> {
  let rest = parts.filter((b) => b.length > 0);
  while (rest.length > 0) {
    let { bytesWritten } = await fh.writev(rest.slice(0, 1024));
    let i = 0;
    while (i < rest.length && bytesWritten >= rest[i].length) bytesWritten -= rest[i++].length;
    rest = rest.slice(i);
    if (bytesWritten > 0) rest[0] = rest[0].subarray(bytesWritten);
  }
}
