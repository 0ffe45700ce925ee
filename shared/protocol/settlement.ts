// PROTOCOL.md §7: how a completed sale is split. One definition, so the server's transaction and the
// seller's checkout pane can never disagree on a cent.
import type { Cents } from './messages.js';

/** The house commission when the server runs without `--commission`. */
export const DEFAULT_COMMISSION = 0.1;

/** The buyer is charged the final price; the seller is credited the rest after commission, rounded
 *  down to the cent (the house keeps the rounding remainder). */
export function settlement(
  finalCents: Cents,
  commission = DEFAULT_COMMISSION,
): { charged: Cents; credited: Cents; commissionCents: Cents } {
  const credited = Math.floor(finalCents * (1 - commission) + 1e-9);
  return { charged: finalCents, credited, commissionCents: finalCents - credited };
}
