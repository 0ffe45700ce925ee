// The `/` filter prompt in the command bar: the table narrows as you type.
import { Text } from 'ink';
import TextInput from 'ink-text-input';

export interface FilterInputProps {
  draft: string;
  matches: number;
  focus: boolean;
  onChange: (t: string) => void;
  onSubmit: (t: string) => void;
}

export function FilterInput({ draft, matches, focus, onChange, onSubmit }: FilterInputProps) {
  return (
    <Text wrap="truncate">
      <Text bold color="black" backgroundColor="yellow">
        {' FILTER '}
      </Text>
      <Text bold> / </Text>
      <TextInput value={draft} onChange={onChange} onSubmit={onSubmit} focus={focus} placeholder="item name" />
      <Text color="gray">{`   ${matches} match${matches === 1 ? '' : 'es'} · Enter keep · Esc clear`}</Text>
    </Text>
  );
}
