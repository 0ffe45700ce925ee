// LOGIN (§5 ext): move an account's binding to this address after checking its secret.
import type { Login } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';
import { verifySecret } from '../secrets.js';
import { sameAddressAsSource } from './identity.js';

export const login: Handler<Login> = async (ctx) => {
  const { msg, house } = ctx;
  const mismatch = sameAddressAsSource(msg, ctx.from);
  if (mismatch) return ctx.deny(mismatch);
  const acct = house.account(msg.name);
  // One answer for "no such account" and "wrong secret", so names cannot be probed by secret guessing.
  if (!acct || acct.deregistered) return ctx.deny(`No account named ${msg.name}`);
  if (!acct.secretHash) return ctx.deny(`${acct.name} registered without a secret and cannot log in`);
  if (!(await verifySecret(msg.secret, acct.secretHash))) return ctx.deny('Wrong secret');
  house.commit({ t: 'login', name: acct.name, ip: msg.ip, udpPort: msg.udpPort, tcpPort: msg.tcpPort });
  ctx.reply({ type: 'LOGGED_IN', rq: msg.rq, role: acct.role });
  ctx.lifecycle.partyOnline(acct.name);
};
