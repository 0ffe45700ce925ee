// A scripted stand-in for the client core (ClientPort + its events) for component tests and the benchmark.
import { EventEmitter } from 'node:events';
import type { ClientEvents, Identity, ReplyByRequest, RequestOutcome } from '../../shared/client/types.js';
import type { Cents } from '../../shared/protocol/index.js';
import type { ClientPort } from '../commands.js';

type Answer<K extends keyof ReplyByRequest> = RequestOutcome<ReplyByRequest[K]> | Promise<RequestOutcome<ReplyByRequest[K]>>;

export class FakeClient extends EventEmitter<ClientEvents> implements ClientPort {
  readonly calls: Array<{ op: string; args: unknown[] }> = [];
  private rq = 100;
  /** Override per test: what each request answers. Defaults accept everything. */
  answerBid: (item: string, cents: Cents) => Answer<'BID'> = () => this.ok({ type: 'BID_ACCEPTED', rq: this.next() });
  answerSubscribe: (item: string) => Answer<'SUBSCRIBE'> = () => this.ok({ type: 'SUBSCRIBED', rq: this.next() });
  answerUnsubscribe: (item: string) => Answer<'DE-SUBSCRIBE'> = () => this.ok({ type: 'DE-SUBSCRIBED', rq: this.next() });
  answerRegister: (id: Identity) => Answer<'REGISTER'> = () => this.ok({ type: 'REGISTERED', rq: this.next() });
  answerLogin: (id: Identity) => Answer<'LOGIN'> = (id) => {
    this.emit('session', { name: id.name, role: id.role });
    return this.ok({ type: 'LOGGED_IN', rq: this.next(), role: id.role });
  };

  next(): string {
    return String(this.rq++);
  }

  ok<R>(reply: R): RequestOutcome<R & ReplyByRequest[keyof ReplyByRequest]> {
    return { ok: true, reply } as RequestOutcome<R & ReplyByRequest[keyof ReplyByRequest]>;
  }

  async bid(item: string, cents: Cents) {
    this.calls.push({ op: 'bid', args: [item, cents] });
    return this.answerBid(item, cents);
  }

  async subscribe(item: string) {
    this.calls.push({ op: 'subscribe', args: [item] });
    return this.answerSubscribe(item);
  }

  async unsubscribe(item: string) {
    this.calls.push({ op: 'unsubscribe', args: [item] });
    return this.answerUnsubscribe(item);
  }

  async register(identity: Identity) {
    this.calls.push({ op: 'register', args: [identity] });
    return this.answerRegister(identity);
  }

  async login(identity: Identity) {
    this.calls.push({ op: 'login', args: [identity] });
    return this.answerLogin(identity);
  }
}
