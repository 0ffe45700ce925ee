// The `/` filter prompt in the command bar: the table narrows as you type. It says what it searches
// (names, or with `d:` descriptions too) and the same count as the table's title.
import { Text } from 'ink';
import { matchCount } from './selectors.js';
import { filterParts } from './selectors.js';

export interface FilterInputProps {
  draft: string;
  /** The rows the table shows for it (tableRows): the title's count. */
  matches: number;
  focus: boolean;
}

export function FilterInput({ draft, matches, focus }: FilterInputProps) {
  const { descriptions } = filterParts(draft);
  return (
    <Text wrap="truncate">
      <Text bold color="black" backgroundColor="yellow">
        {' FILTER '}
      </Text>
      <Text bold> / </Text>
      {draft ? <Text>{draft}</Text> : focus ? null : <Text color="gray">item name</Text>}
      {focus ? <Text inverse> </Text> : null}
      {/* The keys (Enter, Tab, Esc) are in the footer below: spelled here too, they were cut at 80 columns. */}
      <Text color="gray">{`   ${matchCount(matches)} · ${descriptions ? 'names + descriptions' : 'names'}`}</Text>
    </Text>
  );
}
