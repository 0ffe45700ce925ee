// Top bar: product, server, who we are, connection state with round-trip time, clock.
import { Box, Text } from 'ink';
import { clock, rtt } from '../format.js';
import { useTheme } from './theme.js';
import type { Account, Connection } from '../state/model.js';

export interface HeaderProps {
  server: string;
  account: Account;
  connection: Connection;
  now: number;
  width: number;
  /** Something waiting off screen (a checkout): shown next to the clock. */
  badge?: string | null;
  /** How many servers the house has (--server A,B): with more than one, silence means moving on. */
  servers?: number;
}

export function Header({ server, account, connection, now, width, badge, servers = 1 }: HeaderProps) {
  const { color } = useTheme();
  const narrow = width < 110;
  const sep = narrow ? ' │ ' : '  │  ';
  return (
    <Box width={width} height={1} flexShrink={0}>
      <Box flexGrow={1} flexShrink={1} overflow="hidden">
        <Text wrap="truncate">
          <Text bold color="black" backgroundColor="cyan" inverse={!color}>
            {narrow ? ' ◆ AUCTION ' : ' ◆ TERMINAL AUCTION '}
          </Text>
          <Text color="gray">{narrow ? ' ' : '  server '}</Text>
          <Text>{server}</Text>
          <Text color="gray">{sep}</Text>
          <Who account={account} narrow={narrow} offline={connection.state === 'offline'} />
          <Text color="gray">{sep}</Text>
          <Link connection={connection} narrow={narrow} house={servers > 1} />
        </Text>
      </Box>
      {badge ? (
        <Box flexShrink={0}>
          <Text bold color="black" backgroundColor="yellow" inverse={!color}>{` ⚑ ${badge} `}</Text>
        </Box>
      ) : null}
      <Box flexShrink={0}>
        <Text bold> {clock(now)} </Text>
      </Box>
    </Box>
  );
}

function Who({ account, narrow, offline }: { account: Account; narrow: boolean; offline: boolean }) {
  switch (account.kind) {
    case 'spectator':
      return (
        <Text bold color="magenta">
          {narrow ? 'SPECTATOR' : 'SPECTATOR · watch only'}
        </Text>
      );
    case 'unregistered':
      return <Text color="yellow">not registered</Text>;
    case 'account':
      return (
        <Text>
          <Text bold>{account.name}</Text>
          <Text color={account.role === 'seller' ? 'magenta' : 'blue'}> {account.role}</Text>
          {account.moved ? (
            <Text bold color="red">
              {' (logged in elsewhere · L)'}
            </Text>
          ) : account.loggedIn || offline ? null : account.error ? (
            <Text bold color="red">
              {' '}
              (login denied)
            </Text>
          ) : (
            <Text color="yellow"> (logging in…)</Text>
          )}
        </Text>
      );
  }
}

/** What silence reads as: a lone server is retried; in a house the client goes on to the next one. */
const OFFLINE = {
  alone: { narrow: '✖ UNREACHABLE', wide: '✖ SERVER UNREACHABLE · retrying' },
  house: { narrow: '✖ NO ANSWER · next server', wide: '✖ NO ANSWER · trying the next server' },
} as const;

function Link({ connection, narrow, house }: { connection: Connection; narrow: boolean; house: boolean }) {
  switch (connection.state) {
    case 'online':
      return (
        <Text>
          <Text color="green">● online</Text>
          {connection.rttMs !== null ? (
            <Text color="gray">
              {narrow ? ' ' : ' rtt '}
              {rtt(connection.rttMs)}
            </Text>
          ) : null}
        </Text>
      );
    case 'connecting':
      return <Text color="yellow">◌ connecting…</Text>;
    case 'offline':
      // In a house the client goes on to the next server (a takeover there takes a few seconds):
      // "unreachable" read as the house being down while it was electing a leader.
      return (
        <Text bold color="red">
          {OFFLINE[house ? 'house' : 'alone'][narrow ? 'narrow' : 'wide']}
        </Text>
      );
  }
}
