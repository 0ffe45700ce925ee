// What the quit question is about: what quitting now would lose, from every widget's state.
import { minSec } from '../../format.js';
import type { AuctionState } from '../../state/model.js';
import { answerSecondsLeft, liveCheckout, needsAnswer } from '../checkout/selectors.js';

/** What quitting now would lose (a checkout waiting, a form half filled), or null. Local drafts are the caller's. */
export function quitLoses(s: AuctionState): string | null {
  const live = liveCheckout(s);
  if (live) {
    if (needsAnswer(live)) {
      const left = answerSecondsLeft(live, s.now);
      return `the checkout of ${live.item} waits for your details${left !== null ? ` (${minSec(left)} left)` : ''}`;
    }
    return `the checkout of ${live.item} waits for the server's outcome`;
  }
  const m = s.modal;
  if (m?.kind === 'bid' && m.edited && m.draft !== '') return `the bid on ${m.item} is typed but not sent`;
  if (m?.kind === 'list' && Object.values(m.draft).some((v) => v.trim() !== ''))
    return 'the listing form is half filled';
  if (m?.kind === 'negotiate') return `the server's price question for ${m.item} is not answered`;
  return null;
}
