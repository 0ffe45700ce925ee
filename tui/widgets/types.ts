// Every widget's own types, by name: what each adds to the root Action union, to the modal slot and to
// the root state (state/model.ts derives all three from this map). The map is empty here: each widget
// adds its entry from its own leaf actions.ts (`declare module '../types.js'`), so a new widget adds no
// line to this file, the model imports no widget code and no module imports the model back.
//
// The compiler then asks for the widget's model in models.ts (if it has state) and its descriptor in
// registry.ts (its keys and views). See docs/tui-architecture.md.

/** Filled in by each widget's actions.ts: `<name>: <Name>Types`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- every member comes from an augmentation
export interface WidgetTypeMap {}

/** What each widget's `<Name>Types` holds: its actions, its kind of the modal slot, its slices. */
export interface WidgetTypes {
  action: { type: string };
  modal: { kind: string };
  slice: object;
}

export type WidgetName = keyof WidgetTypeMap;

type Each = WidgetTypeMap[WidgetName];

/** From `A | B` to `A & B`: the widgets' slices side by side in the one state. */
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

export type WidgetAction = Each['action'];
export type WidgetModal = Each['modal'];
export type WidgetSlices = Intersection<Each['slice']>;

/** A widget with nothing in the state (no action, modal kind or slice of its own) has no model. */
export type StatefulWidget = {
  [N in WidgetName]: [
    WidgetTypeMap[N]['action'] | WidgetTypeMap[N]['modal'] | keyof WidgetTypeMap[N]['slice'],
  ] extends [never]
    ? never
    : N;
}[WidgetName];
