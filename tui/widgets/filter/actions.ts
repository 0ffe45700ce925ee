// The filter's own types: its actions, its prompt in the modal slot, and its slice of the state (the
// filter in force). Types only, importing nothing of the state, so the root model can take them in.

export type FilterAction =
  { type: 'filterOpen' } | { type: 'filterDraft'; text: string } | { type: 'filterApply' } | { type: 'filterClear' };

/** The `/` prompt, open: the draft narrows the table as it is typed. */
export interface FilterModal {
  kind: 'filter';
  draft: string;
}

export interface FilterSlice {
  /** The filter in force: an item name's part, or `d:` and a part of a name or description. */
  filter: string;
}

export interface FilterTypes {
  action: FilterAction;
  modal: FilterModal;
  slice: FilterSlice;
}

// Its entry in the widgets' type map (widgets/types.ts), from which state/model.ts builds Action, Modal and
// the state: no line elsewhere names its types.
declare module '../types.js' {
  interface WidgetTypeMap {
    filter: FilterTypes;
  }
}
