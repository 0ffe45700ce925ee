// A request's answer, as the commands dispatch it: a leaf of types, so the widgets' action types
// (tui/widgets/*/actions.ts) name it without importing the model.

/**
 * A request's answer. `unanswered`: the server never answered (every retransmission timed out), so the
 * request may or may not have been executed; for a bid the TUI then asks again with the same RQ# (§3)
 * and dispatches the answer as a `late` result.
 */
export type ServerAnswer = { ok: true } | { ok: false; reason: string; unanswered?: boolean };
