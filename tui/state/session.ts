// The session slices: who we are to the server (account), which server we are on (server), and whether
// it answers (connection).
import { note, result, same, shout, status, unchanged } from './helpers.js';
import type { Account, Action, AuctionState, Connection, SliceResult } from './model.js';

export function reduceAccount(account: Account, action: Action, now: number, s: AuctionState): SliceResult<Account> {
  switch (action.type) {
    case 'connection':
      // The server went silent: whatever it knew of us, we cannot count on a session until it answers.
      if (action.state === 'offline' && s.connection.state !== 'offline' && account.kind === 'account')
        return unchanged({ ...account, loggedIn: false });
      return unchanged(account);
    case 'session': {
      const again = account.kind === 'account' && same(account.name, action.name) && account.role === action.role;
      const next: Account = { kind: 'account', name: action.name, role: action.role, loggedIn: true, error: null };
      if (account.kind === 'account' && account.moved)
        return result(
          next,
          shout('good', `Logged in as ${action.name} here again: the other terminal no longer has the session`),
        );
      if (again && account.kind === 'account' && account.loggedIn) return unchanged(next);
      return result(next, note('good', `Logged in as ${action.name} (${action.role})`));
    }
    case 'sessionMoved':
      if (account.kind !== 'account' || !same(account.name, action.name)) return unchanged(account);
      if (account.moved) return unchanged(account);
      return result(
        { ...account, loggedIn: false, moved: true },
        {
          ...shout(
            'bad',
            `${account.name} logged in from another terminal: this one no longer bids or sells. Press L to take the session back here.`,
          ),
          bell: true,
        },
      );
    case 'sessionTakeBack':
      if (account.kind !== 'account' || !account.moved) return unchanged(account);
      // Still moved until the LOGIN succeeds (the 'session' event says so).
      return result(account, status('muted', `Logging in as ${account.name} here…`));
    case 'loginFailed':
      if (account.kind !== 'account') return unchanged(account);
      // The core retries by itself; the same refusal again is not news.
      if (!account.loggedIn && account.error === action.reason) return unchanged(account);
      return result(
        { ...account, loggedIn: false, error: action.reason },
        shout('bad', `Login as ${account.name} denied: ${action.reason}`),
      );
    case 'registerSent':
      return account.kind === 'unregistered'
        ? unchanged({ kind: 'unregistered', pending: true, error: null })
        : unchanged(account);
    case 'registerResult':
      if (account.kind !== 'unregistered') return unchanged(account);
      // Unanswered: still pending, the command sends again once the server answers (tui/commands.ts).
      if (!action.outcome.ok && action.outcome.unanswered)
        return unchanged({
          kind: 'unregistered',
          pending: true,
          error: 'the server did not answer: registering again as soon as it answers',
        });
      if (!action.outcome.ok) return unchanged({ kind: 'unregistered', pending: false, error: action.outcome.reason });
      return result(
        { kind: 'account', name: action.name, role: action.role, loggedIn: false, error: null },
        note('good', `Registered ${action.name} as a ${action.role}`),
      );
    default:
      return unchanged(account);
  }
}

/**
 * The server the client core is on. In a house (--server A,B) it moves on when one stops answering: said
 * in the log and the status line when it leaves a server that was answering; while it goes round servers
 * none of which answers, only the status line follows it (a line every probe would drown the log).
 */
export function reduceServer(server: string, action: Action): SliceResult<string> {
  if (action.type !== 'serverMoved') return unchanged(server);
  if (!action.answered)
    return result(action.server, status('bad', `Trying ${action.server} — ${action.from} does not answer`));
  return result(action.server, shout('bad', `Moved to ${action.server} — ${action.from} did not answer`));
}

export function reduceConnection(
  was: Connection,
  action: Action,
  now: number,
  s: AuctionState,
): SliceResult<Connection> {
  if (action.type !== 'connection') return unchanged(was);
  const { state } = action;
  const connection: Connection = {
    state,
    rttMs: action.rttMs ?? was.rttMs,
    everOnline: was.everOnline || state === 'online',
    since: state === was.state ? was.since : now,
  };
  // In a house every silence is a move, and the move's line says which server did not answer.
  const house = s.servers.length > 1;
  if (state === 'offline' && was.state !== 'offline')
    return house
      ? unchanged(connection)
      : result(connection, note('bad', `Server ${s.server} does not answer; retrying`));
  // In a house the status line said "Trying B — A does not answer": it must not outlive the answer.
  if (state === 'online' && was.state === 'offline' && was.everOnline)
    return result(
      connection,
      house ? shout('good', `Server ${s.server} answers`) : note('good', `Server ${s.server} is back`),
    );
  return unchanged(connection);
}
