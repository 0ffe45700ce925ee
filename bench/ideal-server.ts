// The least a correct server must do for the bid storm, as a yardstick: REGISTER, LIST_ITEM, SUBSCRIBE,
// WATCH and BID answered from memory with plain string operations — no validation, no storage, no log —
// sending exactly the datagrams PROTOCOL.md requires (the reply, and one BID_UPDATE to each subscriber,
// watcher and the seller). `node --import tsx bench/ideal-server.ts --udp-port 0` prints the same
// "listening on udp://HOST:PORT" line as the real server.
import dgram from 'node:dgram';
import { isIP } from 'node:net';
import { commandLine, option, validate } from '../shared/cli/index.js';

interface Addr {
  port: number;
  ip: string;
}
interface Item {
  name: string;
  desc: string;
  price: string;
  closesAt: number;
  seller: Addr;
  to: Map<string, Addr>;
  list: Addr[];
}
const { host, udpPort } = commandLine<{ host: string; udpPort: number }>({
  program: 'ideal-server',
  usage: ['node --import tsx bench/ideal-server.ts [options]'],
  summary: 'The yardstick server of the bid storm (npm run bench starts it).',
  defaults: () => ({ host: '127.0.0.1', udpPort: 5000 }),
  flags: [
    option({
      name: 'host',
      arg: 'IP',
      help: 'address to bind',
      default: '127.0.0.1',
      parse: validate.host,
      apply: (o, v) => (o.host = v),
    }),
    option({
      name: 'udp-port',
      arg: 'PORT',
      help: 'UDP port; 0 for any',
      default: 5000,
      parse: validate.bindPort,
      apply: (o, v) => (o.udpPort = v),
    }),
  ],
});
// Address literals only: resolve them synchronously (no dns.lookup + nextTick per datagram), as the real server does.
const lookup = ((h: string, _o: unknown, cb: (e: null, a: string, f: number) => void) =>
  cb(null, h, isIP(h) || 4)) as unknown as dgram.SocketOptions['lookup'];
const sock = dgram.createSocket({ type: 'udp4', lookup });
const names = new Map<string, string>(); // "ip:port" → account name
const items = new Map<string, Item>(); // item key → auction
const watchers = new Map<string, Addr>();
let rq = 0;
const send = (data: string | Buffer, a: Addr): void => {
  sock.send(data, a.port, a.ip);
};
const audience = (it: Item): void => {
  it.list = [...new Map([...it.to, ...watchers]).values()];
};

sock.on('message', (buf, r) => {
  const w = buf.toString('latin1').trimEnd().split(' ');
  const from: Addr = { ip: r.address, port: r.port };
  const key = `${r.address}:${r.port}`;
  switch (w[0]) {
    case 'BID': {
      const it = items.get(w[2].toLowerCase())!;
      send(`BID_ACCEPTED ${w[1]}`, from);
      const data = Buffer.from(
        `BID_UPDATE ${++rq} ${it.name} ${w[3]} ${names.get(key)} ${Math.max(0, Math.ceil((it.closesAt - Date.now()) / 1000))}`,
      );
      for (const a of it.list) send(data, a);
      return;
    }
    case 'REGISTER':
      names.set(key, w[2]);
      return send(`REGISTERED ${w[1]}`, from);
    case 'LIST_ITEM': {
      const it: Item = {
        name: w[2],
        desc: w.slice(3, -2).join(' '),
        price: w[w.length - 2],
        closesAt: Date.now() + Number(w[w.length - 1]) * 1000,
        seller: from,
        to: new Map([[key, from]]),
        list: [],
      };
      items.set(w[2].toLowerCase(), it);
      audience(it);
      return send(`ITEM_LISTED ${w[1]}`, from);
    }
    case 'SUBSCRIBE': {
      const it = items.get(w[2].toLowerCase())!;
      it.to.set(key, from);
      audience(it);
      send(`SUBSCRIBED ${w[1]}`, from);
      return send(
        `AUCTION_ANNOUNCE ${++rq} ${it.name} ${it.desc} ${it.price} ${Math.ceil((it.closesAt - Date.now()) / 1000)}`,
        from,
      );
    }
    case 'WATCH':
      if (!w[2]) return send(`WATCH-CHALLENGE ${w[1]} c${r.port}`, from);
      watchers.set(key, from);
      for (const it of items.values()) audience(it);
      return send(`WATCHING ${w[1]} 60`, from);
    default:
      return send(`DENIED ${w[1] ?? 0} Not supported by the ideal server`, from);
  }
});
sock.bind(udpPort, host, () => {
  try {
    sock.setRecvBufferSize(8 * 1024 * 1024);
    sock.setSendBufferSize(8 * 1024 * 1024);
  } catch {
    /* capped by the OS */
  }
  process.stdout.write(`listening on udp://${host}:${sock.address().port}\n`);
});
const stop = (): void => {
  sock.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
