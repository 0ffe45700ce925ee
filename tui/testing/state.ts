// Shared setup for the reducer tests: a logged-in state at a fixed clock, and actions applied in turn.
import type { Push } from '../../shared/protocol/index.js';
import type { Account, Action, AuctionState } from '../state/model.js';
import { initialState, reducer } from '../state/reducer.js';

/** The tests' clock at launch (ms since epoch). */
export const T0 = 1_700_000_000_000;

export function buyerAccount(name = 'alice'): Account {
  return { kind: 'account', name, role: 'buyer', loggedIn: true, error: null };
}

export function sellerAccount(name = 'sam'): Account {
  return { kind: 'account', name, role: 'seller', loggedIn: true, error: null };
}

/** A fresh state at T0, logged in as a buyer (alice) or a seller (sam). */
export function stateAs(
  role: 'buyer' | 'seller',
  name = role === 'buyer' ? 'alice' : 'sam',
  server = '127.0.0.1:5000',
): AuctionState {
  return initialState({ now: T0, server, account: role === 'buyer' ? buyerAccount(name) : sellerAccount(name) });
}

/** Applies actions, each at its own time (`[ms, action]`; default: T0). */
export function run(state: AuctionState, ...steps: Array<Action | [number, Action]>): AuctionState {
  return steps.reduce((s, step) => (Array.isArray(step) ? reducer(s, step[1], step[0]) : reducer(s, step, T0)), state);
}

export const push = (msg: Push): Action => ({ type: 'push', msg });
