// REGISTER (§5, §4): create an account and bind it to the datagram's source address.
import type { Register } from '../../shared/protocol/messages.js';
import type { Handler } from '../context.js';
import { hashSecret } from '../secrets.js';
import { sameAddressAsSource } from './identity.js';

export const register: Handler<Register> = async (ctx) => {
  const { msg, house } = ctx;
  const mismatch = sameAddressAsSource(msg, ctx.from);
  if (mismatch) return ctx.deny(mismatch);
  if (house.account(msg.name)) return ctx.deny(`Name ${msg.name} is already taken`);
  const secretHash = msg.secret ? await hashSecret(msg.secret) : undefined;
  // Hashing yields the event loop: another REGISTER for the same name may have won meanwhile.
  if (house.account(msg.name)) return ctx.deny(`Name ${msg.name} is already taken`);
  house.commit({
    t: 'register',
    name: msg.name,
    role: msg.role,
    ...(secretHash ? { secretHash } : {}),
    ip: msg.ip,
    udpPort: msg.udpPort,
    tcpPort: msg.tcpPort,
    at: house.now(),
  });
  ctx.reply({ type: 'REGISTERED', rq: msg.rq });
  ctx.lifecycle.partyOnline(msg.name);
};
