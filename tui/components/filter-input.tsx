// The `/` filter prompt in the command bar: the table narrows as you type.
import { Text } from 'ink';

export interface FilterInputProps {
  draft: string;
  matches: number;
  focus: boolean;
}

export function FilterInput({ draft, matches, focus }: FilterInputProps) {
  return (
    <Text wrap="truncate">
      <Text bold color="black" backgroundColor="yellow">
        {' FILTER '}
      </Text>
      <Text bold> / </Text>
      {draft ? <Text>{draft}</Text> : focus ? null : <Text color="gray">item name</Text>}
      {focus ? <Text inverse> </Text> : null}
      <Text color="gray">{`   ${matches} match${matches === 1 ? '' : 'es'} · Enter keep · Esc clear`}</Text>
    </Text>
  );
}
