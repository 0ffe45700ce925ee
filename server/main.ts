// `auction-server` / `npm run server`: parse flags, start, stop cleanly on SIGINT/SIGTERM. A bad flag
// is one line and exit 2 (shared/cli); a damaged db file or a busy port is one clear line and exit 1,
// never a stack trace.
import { commandLine, fatal } from '../shared/cli/index.js';
import { SERVER_CLI } from './cli.js';
import { startServer } from './server.js';
import { DamagedFileError } from './store/durable-json-file.js';
import { DbLockedError } from './store/db-lock.js';

const options = commandLine(SERVER_CLI);
const fail = (message: string): never => fatal(SERVER_CLI.program, message);

try {
  const server = await startServer({ ...options, onFatal: () => process.exit(1) });
  const shutdown = (signal: string): void => {
    process.stdout.write(`${signal}: stopping (flushing the change log)\n`);
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Printed even with --quiet: scripts and tests read the chosen port (--udp-port 0) from it. After the
  // signal handlers, so whoever reads it can already stop the server cleanly.
  if (options.stdoutLog === false) process.stdout.write(`listening on udp://${server.host}:${server.udpPort}\n`);
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  if (e instanceof DamagedFileError) {
    fail(
      `refusing to start: ${err.message}\nThe file was left untouched; repair or move it, or start with another --db.`,
    );
  } else if (e instanceof DbLockedError) {
    fail(`refusing to start: ${err.message}`);
  } else if (err.code === 'EADDRINUSE') {
    fail(`UDP port already in use (${err.message}); pick another with --udp-port`);
  } else if (err.code === 'EADDRNOTAVAIL') {
    fail(`cannot bind that --host (${err.message})`);
  } else {
    fail(err.message);
  }
}
