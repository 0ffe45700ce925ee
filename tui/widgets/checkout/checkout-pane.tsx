// The checkout pane (PROTOCOL.md §7): what the server's TCP conversation says after a closure, and the
// INFORM_Res form. It never sees the card number: the hook hands it the masked form (last four only).
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { DEFAULT_COMMISSION } from '../../../shared/protocol/index.js';
import { Panel } from '../../components/panel.js';
import { clock, minSec, money } from '../../format.js';
import { answerSecondsLeft, completeListing, needsAnswer, sellerCredit } from './selectors.js';
import type { Checkout } from './actions.js';
import type { CheckoutFormView, PayField, RelistField } from './use-checkout-keys.js';

export interface CheckoutPaneProps {
  checkout: Checkout;
  form: CheckoutFormView;
  now: number;
  /** Checkouts waiting behind this one. */
  queued: number;
  informTimeoutS: number;
  /** informTimeoutS was given with --inform-timeout (else it is the server's default: an estimate). */
  timeoutKnown: boolean;
  focus: boolean;
  width: number;
  height: number;
}

const LABEL: Record<PayField, string> = { name: 'Name', card: 'Card', expiry: 'Expiry', address: 'Address' };
const RELIST_LABEL: Record<RelistField, string> = {
  description: 'Description',
  price: 'Start price',
  duration: 'Duration',
};

export function CheckoutPane(p: CheckoutPaneProps) {
  const e = p.checkout;
  const aside = e.phase === 'unsold' ? 'NOT SOLD' : e.role === 'buyer' ? 'YOU WON' : 'SOLD';
  return (
    <Panel title={`Checkout · ${e.item}`} aside={aside} width={p.width} height={p.height} active={p.focus}>
      {/* Natural height, clipped by the panel at the bottom (the conversation goes first), never squashed. */}
      <Box flexDirection="column" flexShrink={0}>
        <Summary e={e} />
        {e.phase === 'unsold' ? <Unsold {...p} /> : <Sale {...p} />}
        {p.queued > 0 ? (
          <Text color="magenta">
            +{p.queued} more checkout{p.queued === 1 ? '' : 's'} waiting: shown when this one is closed
          </Text>
        ) : null}
        <Steps e={e} />
      </Box>
    </Panel>
  );
}

/** The TCP conversation so far (clipped by the panel when the terminal is short). */
function Steps({ e }: { e: Checkout }) {
  return (
    <>
      <Text> </Text>
      <Text color="gray">Conversation (TCP, opened by the server{e.connected ? ', still open' : ', closed'}):</Text>
      {e.steps.map((x, i) => (
        <Text key={i} wrap="truncate" color="gray">
          {'  '}
          {clock(x.at)}{' '}
          <Text color={x.dir === 'in' ? 'cyan' : x.dir === 'out' ? 'green' : 'yellow'}>
            {x.dir === 'in' ? '←' : x.dir === 'out' ? '→' : '·'}
          </Text>{' '}
          {x.text}
        </Text>
      ))}
    </>
  );
}

function Summary({ e }: { e: Checkout }) {
  const price = e.finalPrice !== null ? money(e.finalPrice) : null;
  if (e.phase === 'unsold')
    return (
      <Text>
        <Text bold>{e.item}</Text> closed with no bid: nothing sold.
      </Text>
    );
  const buyer = e.role === 'buyer';
  return (
    <Text wrap="truncate">
      <Text bold color="green">
        {buyer ? 'You won ' : 'You sold '}
      </Text>
      <Text bold>{e.item}</Text>
      {price ? (
        <Text>
          {' '}
          for <Text bold>{price}</Text>
        </Text>
      ) : null}
      {e.counterpart ? <Text color="gray">{buyer ? ' · seller ' : ' · buyer '}</Text> : null}
      {e.counterpart ? <Text>{e.counterpart}</Text> : null}
    </Text>
  );
}

function Countdown({
  e,
  now,
  informTimeoutS,
  timeoutKnown,
  compact,
}: Pick<CheckoutPaneProps, 'now' | 'informTimeoutS' | 'timeoutKnown'> & { e: Checkout; compact: boolean }) {
  const left = answerSecondsLeft(e, now);
  if (left === null || e.askedAt === null) {
    return (
      <Text color="yellow" wrap="truncate">
        Waiting for the server&apos;s INFORM_Req… the form can be filled in already.
      </Text>
    );
  }
  const basis = timeoutKnown
    ? `--inform-timeout ${informTimeoutS} s, counted from the INFORM_Req at ${clock(e.askedAt)}`
    : `estimated: the server's default --inform-timeout ${informTimeoutS} s, counted from the INFORM_Req at ${clock(e.askedAt)}`;
  if (left === 0) {
    return (
      <Text wrap="truncate">
        <Text bold color="red">
          ⏱ 0:00 time is up
        </Text>
        <Text color="red">: the server cancels the sale unless it already has both parties&apos; details</Text>
      </Text>
    );
  }
  const what = needsAnswer(e) ? 'left to answer' : 'until the server gives up on the other party';
  if (compact) {
    return (
      <Text wrap="truncate">
        <Text bold color={left < 30 ? 'red' : left < 60 ? 'yellow' : 'cyan'}>
          ⏱ {minSec(left)} {what}
        </Text>
        <Text color="gray">
          {timeoutKnown
            ? ` (--inform-timeout ${informTimeoutS} s)`
            : ` (estimated: server default ${informTimeoutS} s from the INFORM_Req)`}
        </Text>
      </Text>
    );
  }
  return (
    <>
      <Text bold color={left < 30 ? 'red' : left < 60 ? 'yellow' : 'cyan'} wrap="truncate">
        ⏱ {minSec(left)} {what}
      </Text>
      <Text color="gray" wrap="truncate">
        {'  '}
        {basis}
      </Text>
    </>
  );
}

function Sale(p: CheckoutPaneProps) {
  const e = p.checkout;
  const waiting = needsAnswer(e) || e.phase === 'sending' || e.phase === 'sent';
  const compact = p.height < 18;
  return (
    <>
      {waiting ? (
        <Countdown
          e={e}
          now={p.now}
          informTimeoutS={p.informTimeoutS}
          timeoutKnown={p.timeoutKnown}
          compact={compact}
        />
      ) : null}
      {compact ? null : <Text> </Text>}
      {needsAnswer(e) ? <PaymentForm {...p} /> : <Outcome e={e} />}
    </>
  );
}

function PaymentForm({ checkout: e, form, focus }: CheckoutPaneProps) {
  const intro =
    e.role === 'buyer'
      ? 'The server asks for your payment details (INFORM_Res):'
      : 'The server asks for your details to credit the sale (INFORM_Res):';
  const value = (f: PayField): ReactNode => {
    const on = focus && form.field === f;
    const cursor = on ? <Text inverse> </Text> : null;
    switch (f) {
      case 'name':
        return (
          <Text>
            {form.name}
            {cursor}
          </Text>
        );
      case 'card':
        return (
          <Text>
            {form.cardShown || (on ? '' : <Text color="gray">12 to 19 digits</Text>)}
            {cursor}
          </Text>
        );
      case 'expiry':
        return (
          <Text>
            {form.expiry || (on ? '' : <Text color="gray">MM/YY or MM/YYYY</Text>)}
            {cursor}
          </Text>
        );
      case 'address':
        return (
          <Text>
            {form.address || (on ? '' : <Text color="gray">street, city</Text>)}
            {cursor}
          </Text>
        );
    }
  };
  const note = (f: PayField): ReactNode => {
    if (f === form.field && form.refused) return <Text color="yellow">{`  ${form.refused}`}</Text>;
    const err = form.errors[f];
    if (err)
      return (
        <Text bold color="red">
          {' '}
          ✗ {err}
        </Text>
      );
    if (f === 'card' && form.cardOk) return <Text color="green">{'  ✓ Luhn check passes'}</Text>;
    if (f === 'address' && form.field === 'address')
      return <Text color="gray">{'  kept in your profile for next time (the card never is)'}</Text>;
    return null;
  };
  return (
    <>
      <Text>{intro}</Text>
      {(['name', 'card', 'expiry', 'address'] as const).map((f) => (
        <Text key={f} wrap="truncate">
          <Text color={form.field === f ? 'cyan' : 'gray'}>
            {form.field === f ? '▶ ' : '  '}
            {LABEL[f].padEnd(8)}{' '}
          </Text>
          {value(f)}
          {note(f)}
        </Text>
      ))}
      {e.error ? (
        <Text bold color="red" wrap="truncate">
          ✗ {e.error}
        </Text>
      ) : (
        <Text> </Text>
      )}
      <Text color="gray" wrap="truncate">
        ⏎ send · Tab/↑↓ next field · Esc minimize (c reopens)
      </Text>
    </>
  );
}

function Outcome({ e }: { e: Checkout }) {
  const card = e.cardLast4 ? `card •••• ${e.cardLast4}` : 'your card';
  const price = e.finalPrice !== null ? money(e.finalPrice) : 'the final price';
  switch (e.phase) {
    case 'sending':
      return <Text color="yellow">Sending your details…</Text>;
    case 'sent':
      return (
        <>
          <Text color="green">✓ Details sent on the server&apos;s connection ({card}).</Text>
          <Text color="gray">Waiting for the outcome: the sale completes once both parties have answered.</Text>
        </>
      );
    case 'complete':
      return (
        <>
          <Text bold color="green">
            ✓ PURCHASE COMPLETE
          </Text>
          <Text>
            {e.item} is yours for {price}, charged to {card}.
          </Text>
          {e.counterpart ? <Text color="gray">{e.counterpart} ships it to the address you gave.</Text> : null}
          <Text> </Text>
          <Text color="gray">⏎ or Esc closes</Text>
        </>
      );
    case 'shipping': {
      const credit = e.finalPrice !== null ? money(sellerCredit(e.finalPrice)) : null;
      return (
        <>
          <Text bold color="green">
            ✓ SOLD · SHIPPING INFO
          </Text>
          <Text>
            Ship {e.item} to <Text bold>{e.shipTo?.buyer}</Text>, <Text bold>{e.shipTo?.address}</Text>
          </Text>
          {credit ? (
            <Text color="gray" wrap="truncate">
              Credit to {card}: {credit} ({Math.round((1 - DEFAULT_COMMISSION) * 100)}% of {price}; the house keeps{' '}
              {Math.round(DEFAULT_COMMISSION * 100)}% at the server&apos;s default commission)
            </Text>
          ) : null}
          <Text> </Text>
          <Text color="gray">⏎ or Esc closes</Text>
        </>
      );
    }
    case 'cancelled':
      return (
        <>
          <Text bold color="red">
            ✗ SALE CANCELLED
          </Text>
          <Text>{e.reason}</Text>
          <Text color="gray">Nothing was charged or credited.</Text>
          <Text> </Text>
          <Text color="gray">⏎ or Esc closes</Text>
        </>
      );
    case 'lost':
      return (
        <>
          <Text bold color="yellow">
            The server closed the connection before telling the outcome.
          </Text>
          <Text color="gray">It reconnects by itself while time remains; past the deadline the sale is cancelled.</Text>
          <Text> </Text>
          <Text color="gray">⏎ or Esc closes</Text>
        </>
      );
    default:
      return null;
  }
}

function Unsold({ checkout: e, form, focus }: CheckoutPaneProps) {
  const l = e.listing;
  const r = e.relist;
  if (r.state === 'asking') {
    return (
      <>
        <Text> </Text>
        <Text>Relist {e.item}: what is not known here is asked for.</Text>
        {(['description', 'price', 'duration'] as const).map((f) => (
          <Text key={f} wrap="truncate">
            <Text color={form.relistField === f ? 'cyan' : 'gray'}>
              {form.relistField === f ? '▶ ' : '  '}
              {RELIST_LABEL[f].padEnd(12)}{' '}
            </Text>
            <Text>{form.relist[f]}</Text>
            {focus && form.relistField === f ? <Text inverse> </Text> : null}
            {f === 'duration' ? <Text color="gray">{'  seconds, or 90s, 5m, 2h'}</Text> : null}
          </Text>
        ))}
        {r.error ? (
          <Text bold color="red">
            ✗ {r.error}
          </Text>
        ) : (
          <Text> </Text>
        )}
        <Text color="gray">⏎ list it again · Tab/↑↓ next field · Esc close</Text>
      </>
    );
  }
  const what = completeListing(l)
    ? `LIST_ITEM ${e.item} "${l.description}" at ${money(l.startPrice)} for ${l.durationS} s`
    : 'asks for what is not known here (description, start price, duration)';
  return (
    <>
      <Text color="gray">The server sent NON_OFFER: no buyer, no charge.</Text>
      <Text> </Text>
      {r.state === 'idle' ? (
        <Text wrap="truncate">
          <Text bold color="cyan">
            r
          </Text>{' '}
          relists it: {what}
        </Text>
      ) : null}
      {r.state === 'sending' ? <Text color="yellow">Relisting {e.item}…</Text> : null}
      {r.state === 'done' ? (
        <Text bold color="green">
          ✓ Relisted {e.item}
        </Text>
      ) : null}
      {r.state === 'failed' ? (
        <Text wrap="truncate">
          <Text bold color="red">
            ✗ Relist failed: {r.reason}
          </Text>
          <Text color="gray"> · r tries again</Text>
        </Text>
      ) : null}
      <Text> </Text>
      <Text color="gray">⏎ or Esc closes</Text>
    </>
  );
}
