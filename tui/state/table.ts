// Subscriptions (★) with the requests in flight. (Which row is selected, the sort and the view are the
// market widget's, widgets/market/; the filter its own, widgets/filter/.)
import { addKey, result, shout, unchanged } from './helpers.js';
import type { Action, SliceResult } from './model.js';

export function reduceSubscriptions(subscriptions: string[], action: Action): SliceResult<string[]> {
  if (action.type !== 'subscribeResult') return unchanged(subscriptions);
  const { item, subscribe, outcome } = action;
  if (!outcome.ok) {
    const what = subscribe ? 'Subscribe to' : 'Unsubscribe from';
    return result(subscriptions, shout('bad', `${what} ${item} failed: ${outcome.reason}`, item));
  }
  const key = item.toLowerCase();
  return result(
    subscribe ? addKey(subscriptions, key) : subscriptions.filter((k) => k !== key),
    shout('good', subscribe ? `Subscribed to ${item}` : `Unsubscribed from ${item}`, item),
  );
}

export function reduceSubscribing(subscribing: string[], action: Action): SliceResult<string[]> {
  if (action.type === 'subscribeSent') return unchanged(addKey(subscribing, action.item));
  if (action.type === 'subscribeResult') {
    const key = action.item.toLowerCase();
    return unchanged(subscribing.includes(key) ? subscribing.filter((k) => k !== key) : subscribing);
  }
  return unchanged(subscribing);
}
