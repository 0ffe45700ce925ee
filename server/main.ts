// `npm run server`: parse flags, start, stop cleanly on SIGINT/SIGTERM. A damaged db file or a busy
// port is reported in one clear line (exit 1), never as a stack trace.
import { parseServerArgs, USAGE } from './cli.js';
import { startServer } from './server.js';
import { DamagedFileError } from './store/durable-json-file.js';
import { DbLockedError } from './store/db-lock.js';

const parsed = parseServerArgs(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`error: ${parsed.error}\n\n${USAGE}`);
  process.exit(2);
}
if (parsed.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

try {
  const server = await startServer({ ...parsed.options, onFatal: () => process.exit(1) });
  const shutdown = (signal: string): void => {
    process.stdout.write(`${signal}: stopping (flushing the change log)\n`);
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Printed even with --quiet: scripts and tests read the chosen port (--udp-port 0) from it. After the
  // signal handlers, so whoever reads it can already stop the server cleanly.
  if (parsed.options.stdoutLog === false) process.stdout.write(`listening on udp://${server.host}:${server.udpPort}\n`);
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  if (e instanceof DamagedFileError) {
    process.stderr.write(
      `error: refusing to start: ${err.message}\nThe file was left untouched; repair or move it, or start with another --db.\n`,
    );
  } else if (e instanceof DbLockedError) {
    process.stderr.write(`error: refusing to start: ${err.message}\n`);
  } else if (err.code === 'EADDRINUSE') {
    process.stderr.write(`error: UDP port already in use (${err.message}); pick another with --udp-port\n`);
  } else if (err.code === 'EADDRNOTAVAIL') {
    process.stderr.write(`error: cannot bind that --host (${err.message})\n`);
  } else {
    process.stderr.write(`error: ${err.message}\n`);
  }
  process.exit(1);
}
