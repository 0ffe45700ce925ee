// Asked before quitting would lose something: in the command bar, over everything.
import { Text } from 'ink';

export function QuitQuestion({ reason }: { reason: string }) {
  return (
    <Text wrap="truncate">
      <Text bold inverse>
        {' QUIT? '}
      </Text>
      <Text bold color="yellow">{` ${reason[0].toUpperCase()}${reason.slice(1)} · `}</Text>
      <Text>y quit · any other key stays</Text>
    </Text>
  );
}
