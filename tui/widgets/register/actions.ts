// The register form's own types: none. Its state is the session's (state/session.ts: the account,
// unregistered, with the request's pending and error) and its drafts are its keys hook's, so it adds
// nothing to the root Action, the modal slot or the state, and needs no model (widgets/models.ts).
export interface RegisterTypes {
  action: never;
  modal: never;
  slice: Record<never, never>;
}

// Its entry in the widgets' type map (widgets/types.ts), from which state/model.ts builds Action, Modal and
// the state: no line elsewhere names its types.
declare module '../types.js' {
  interface WidgetTypeMap {
    register: RegisterTypes;
  }
}
