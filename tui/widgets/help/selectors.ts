// What the help says besides the keys.
import type { AuctionState } from '../../state/model.js';
import { incrementsText } from '../../state/session-selectors.js';

export /** The help's paragraphs: maximum bids (buyers) and the increments in force. */
function helpNotes(s: AuctionState): string[] {
  const notes: string[] = [];
  if (s.account.kind === 'account' && s.account.role === 'buyer')
    notes.push(
      'Maximum bid (m): the most you will pay. The server bids for you, just enough to lead; nobody sees it; you pay the price, not the maximum.',
    );
  notes.push(`Increment: ${incrementsText(s)}.`);
  return notes;
}
