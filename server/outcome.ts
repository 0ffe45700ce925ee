// What a domain operation returns to the request that asked for it: refused with a reason a person can
// act on, or done with a value for the reply and the effects that must follow the reply (pushes,
// timers, retried purchases). A request's reply always goes before the pushes it causes (Ctx.answer).

export type Outcome<T = void> = { ok: true; value: T; after: (() => void) | null } | { ok: false; reason: string };

export const refused = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

export function done<T>(value: T, after: (() => void) | null = null): Outcome<T> {
  return { ok: true, value, after };
}
