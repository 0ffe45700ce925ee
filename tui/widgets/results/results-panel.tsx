// Recent results (`h`, in place of the event log): each closed auction, sold for how much to whom, or
// unsold; marked won / lost / sold / unsold from this user's side.
import { Text } from 'ink';
import { Panel, panelInnerHeight, panelInnerWidth } from '../../components/panel.js';
import { clock, fit, money } from '../../format.js';
import type { AuctionResult } from './actions.js';
import type { ResultMark } from './selectors.js';
import { resultMark } from './selectors.js';

export interface ResultsPanelProps {
  results: readonly AuctionResult[];
  me: string | null;
  width: number;
  height: number;
}

const MARK_COLOR: Record<Exclude<ResultMark, null>, string> = {
  won: 'green',
  lost: 'red',
  sold: 'cyan',
  unsold: 'yellow',
};
const MARK_TEXT: Record<Exclude<ResultMark, null>, string> = {
  won: 'you won',
  lost: 'you lost',
  sold: 'yours: sold',
  unsold: 'yours: unsold',
};

export function ResultsPanel({ results, me, width, height }: ResultsPanelProps) {
  const inner = panelInnerWidth(width);
  const shown = results.slice(0, panelInnerHeight(height));
  const itemWidth = inner >= 90 ? 24 : inner >= 60 ? 18 : 12;
  const priceWidth = 14;
  return (
    <Panel
      title="Recent results"
      aside={`${results.length ? `${results.length} closed · ` : ''}h: event log`}
      width={width}
      height={height}
      active
    >
      {shown.length === 0 ? (
        <Text color="gray">No auction has closed yet. Closed auctions are listed here, newest first.</Text>
      ) : null}
      {shown.map((r) => {
        const mark = resultMark(r, me);
        return (
          <Text key={r.id} wrap="truncate">
            <Text color="gray">
              {clock(r.at)}
              {'  '}
            </Text>
            <Text bold>{fit(r.item, itemWidth)}</Text>
            {r.winner ? (
              <Text>
                <Text color="green">{fit('sold', 7)}</Text>
                {fit(money(r.finalPrice), priceWidth, 'right')}
                <Text> to {r.winner}</Text>
              </Text>
            ) : (
              <Text color="gray">
                {fit('unsold', 7)}
                {fit(money(r.finalPrice), priceWidth, 'right')}
                <Text> no bid</Text>
              </Text>
            )}
            {mark ? <Text bold color={MARK_COLOR[mark]}>{`  ${MARK_TEXT[mark]}`}</Text> : null}
          </Text>
        );
      })}
    </Panel>
  );
}
