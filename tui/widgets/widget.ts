// The state half of a widget: its slices' starting values and reducers, and its part of the modal slot.
// React-free, so the root reducer (state/reducer.ts) takes it in through models.ts without any view.
import type { Action, AuctionState, Modal, SliceResult } from '../state/model.js';
import type { WidgetTypes } from './types.js';

/** A reducer of one field of the state: its new value and its notes, reading the rest (never writing it). */
export type SliceReducer<K extends keyof AuctionState> = (
  slice: AuctionState[K],
  action: Action,
  now: number,
  s: AuctionState,
) => SliceResult<AuctionState[K]>;

/** An owner of modal kinds: it sees every action and leaves alone what is not its own. */
export type ModalReducer = (
  modal: Modal | null,
  action: Action,
  now: number,
  s: AuctionState,
) => SliceResult<Modal | null>;

export interface WidgetModel<T extends WidgetTypes> {
  /** Its slices as at startup. */
  initial: T['slice'];
  /** One reducer per slice it adds (the compiler asks for each). */
  slices: { [K in keyof T['slice'] & keyof AuctionState]: SliceReducer<K> };
  /** Its slices are reduced after the modal slot, not before the selection (they read the prompts' new state). */
  late?: boolean;
  /** Opens, edits and closes its kind of the modal slot. */
  modal?: ModalReducer;
  /** After every owner of the modal slot: its prompt follows the rest of the state (or closes). */
  follow?: ModalReducer;
}
