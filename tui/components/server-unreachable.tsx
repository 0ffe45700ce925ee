// Shown in place of the market while no server has ever answered: how to start one.
import { Text } from 'ink';
import { clock } from '../format.js';
import { commandLine } from '../invocation.js';
import { Panel } from './panel.js';

export interface ServerUnreachableProps {
  server: string;
  since: number;
  width: number;
  height: number;
}

export function ServerUnreachable({ server, since, width, height }: ServerUnreachableProps) {
  const port = server.slice(server.lastIndexOf(':') + 1);
  return (
    <Panel title="No server" width={width} height={height} active>
      <Text> </Text>
      <Text bold color="red">
        No auction server answers at {server}.
      </Text>
      <Text> </Text>
      <Text>Start one in another terminal:</Text>
      <Text color="cyan">{`    ${commandLine('server', `--udp-port ${port} --db ./db.json`)}`}</Text>
      <Text> </Text>
      <Text>or point this terminal at another one:</Text>
      <Text color="cyan">{`    ${commandLine('tui', '--server HOST:PORT')}`}</Text>
      <Text> </Text>
      <Text color="gray">
        Still trying every 2 s (since {clock(since)}); this screen turns into the market by itself.
      </Text>
    </Panel>
  );
}
