// 9. The widget API handler alone on one instance: requests per CPU-second of its process for the
// long poll (`GET <base>/order-complete?since=`, answered at once because `since` is behind) and
// for Server-Sent Events (`GET <base>/order-events`: connection setups, each until its first
// message, and messages pushed to open streams), against a bare Node http handler answering the
// same bodies in the same process (bench/widget-api-server.ts), in blocks alternating between the two.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest, type ClientRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Result, Row } from './lib.js';

const CONCURRENCY = 16;
const POLLS = 4000;
const POLL_BLOCK = 250;
const SETUPS = 1500;
const SETUP_BLOCK = 100;
/** Open streams, each receiving every push; pushes one after the other (each waits until all streams have it). */
const STREAMS = 50;
const PUSHES = 60;
const ROUNDS = 2;

async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./widget-api-server.ts', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const found = /listening (\S+)/.exec(output);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`widget-api-server exited with ${code}: ${output}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(url: string, headers: Record<string, string>, method = 'GET', body = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Opens an event stream; `onMessage` per `data:` message; resolves the request once the first message arrived. */
function stream(url: string, headers: Record<string, string>, onMessage: () => void = () => undefined): Promise<ClientRequest> {
  return new Promise((resolve, reject) => {
    // Its own connection (no agent): a stream holds it open.
    const request = httpRequest(url, { headers: { ...headers, accept: 'text/event-stream' }, agent: false }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`${url}: ${response.statusCode}`));
      let buffer = '';
      let first = true;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!event.startsWith('data:')) continue;
          if (first) {
            first = false;
            resolve(request);
          } else onMessage();
        }
      });
      response.on('error', () => undefined);
    });
    request.on('error', reject);
    request.end();
  });
}

async function cpuMicros(base: string): Promise<number> {
  const response = await fetch(`${base}/bench/cpu`);
  return ((await response.json()) as { micros: number }).micros;
}

/** Runs `count` tasks with `CONCURRENCY` in flight; the server's CPU time, ms. */
async function cpuOf(base: string, count: number, task: () => Promise<void>): Promise<number> {
  let next = 0;
  const before = await cpuMicros(base);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < count) await task();
    }),
  );
  return ((await cpuMicros(base)) - before) / 1000;
}

interface Target {
  poll: string;
  events: string;
  push: () => Promise<number>;
  headers: Record<string, string>;
}

/** `STREAMS` open streams, `PUSHES` pushes (each until every stream has it): the CPU time of the pushes, ms. */
async function pushes(base: string, target: Target): Promise<number> {
  let received = 0;
  let waiting: (() => void) | undefined;
  const streams = await Promise.all(
    Array.from({ length: STREAMS }, () =>
      stream(target.events, target.headers, () => {
        received++;
        if (received % STREAMS === 0) waiting?.();
      }),
    ),
  );
  try {
    const before = await cpuMicros(base);
    for (let i = 1; i <= PUSHES; i++) {
      const all = new Promise<void>((resolve) => (waiting = resolve));
      const status = await target.push();
      if (status !== 200) throw new Error(`push answered ${status}`);
      const timeout = setTimeout(() => waiting?.(), 5000);
      await all;
      clearTimeout(timeout);
      if (received < i * STREAMS) throw new Error(`push ${i}: ${received} of ${i * STREAMS} messages arrived`);
    }
    return ((await cpuMicros(base)) - before) / 1000;
  } finally {
    for (const request of streams) request.destroy();
  }
}

export async function measureWidgetApi(): Promise<Result> {
  const server = await startServer();
  const base = server.url;
  try {
    // One visitor, created by an add-to-cart (its cookies kept); its state's version.
    const added = await fetch(`${base}/inpost-pay/add-to-cart`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"productId":"kubek"}' });
    if (!added.ok) throw new Error(`add-to-cart: ${added.status} ${await added.text()}`);
    const cookie = added.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const state = (await (await fetch(`${base}/inpost-pay/order-complete`, { headers: { cookie } })).json()) as { state?: { version?: number } };
    const version = state.state?.version;
    if (typeof version !== 'number') throw new Error(`order-complete answered no version: ${JSON.stringify(state)}`);
    const targets: Record<'handler' | 'bare', Target> = {
      handler: {
        poll: `${base}/inpost-pay/order-complete?since=${version - 1}`,
        events: `${base}/inpost-pay/order-events`,
        push: () => send(`${base}/inpost-pay/add-to-cart`, { cookie }, 'POST', '{"productId":"kubek"}'),
        headers: { cookie },
      },
      bare: { poll: `${base}/bare/order-complete?since=${version - 1}`, events: `${base}/bare/order-events`, push: () => send(`${base}/bare/push`, {}, 'POST', '{}'), headers: {} },
    };
    const kinds = ['handler', 'bare'] as const;
    const poll = (kind: (typeof kinds)[number]) => async () => {
      const status = await send(targets[kind].poll, targets[kind].headers);
      if (status !== 200) throw new Error(`${kind} long poll answered ${status}`);
    };
    const setup = (kind: (typeof kinds)[number]) => async () => {
      (await stream(targets[kind].events, targets[kind].headers)).destroy();
    };
    // Warm-up, then blocks alternating between the two.
    for (const kind of kinds) {
      await cpuOf(base, 300, poll(kind));
      await cpuOf(base, 100, setup(kind));
    }
    const cpu = { handler: { poll: 0, setup: 0, push: 0 }, bare: { poll: 0, setup: 0, push: 0 } };
    for (let done = 0; done < POLLS; done += POLL_BLOCK) {
      for (const kind of done % (2 * POLL_BLOCK) ? [...kinds].reverse() : kinds) cpu[kind].poll += await cpuOf(base, POLL_BLOCK, poll(kind));
    }
    for (let done = 0; done < SETUPS; done += SETUP_BLOCK) {
      for (const kind of done % (2 * SETUP_BLOCK) ? [...kinds].reverse() : kinds) cpu[kind].setup += await cpuOf(base, SETUP_BLOCK, setup(kind));
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of round % 2 ? [...kinds].reverse() : kinds) cpu[kind].push += await pushes(base, targets[kind]);
    }
    const rate = (count: number, cpuMs: number) => count / (cpuMs / 1000);
    const rates = {
      poll: { handler: rate(POLLS, cpu.handler.poll), bare: rate(POLLS, cpu.bare.poll) },
      setup: { handler: rate(SETUPS, cpu.handler.setup), bare: rate(SETUPS, cpu.bare.setup) },
      push: { handler: rate(ROUNDS * PUSHES * STREAMS, cpu.handler.push), bare: rate(ROUNDS * PUSHES * STREAMS, cpu.bare.push) },
    };
    const row = (measurement: string, figures: { handler: number; bare: number }, unit: string): Row => ({
      id: '9',
      measurement,
      widget: `${Math.round(figures.handler)} ${unit} / CPU-s`,
      baseline: `${Math.round(figures.bare)} ${unit} / CPU-s (bare Node http)`,
      figure: `×${(figures.handler / figures.bare).toFixed(2)}`,
      target: '',
    });
    const rows: Row[] = [
      row(`widget API long poll \`GET <base>/order-complete?since=\` answered (since behind), per CPU-second of its process (${CONCURRENCY} in flight, ${POLLS})`, rates.poll, 'requests'),
      row(`widget API Server-Sent Events \`GET <base>/order-events\`: connection setups, each until its first message, per CPU-second (${CONCURRENCY} in flight, ${SETUPS})`, rates.setup, 'setups'),
      row(
        `widget API Server-Sent Events: messages pushed to ${STREAMS} open streams of one visitor, per CPU-second (${ROUNDS * PUSHES} state changes by \`POST <base>/add-to-cart\`, their CPU included)`,
        rates.push,
        'messages',
      ),
    ];
    const details = [
      `**9. The widget API handler alone.** \`createWidgetApi\` (in-memory store, a cart adapter over a Map, an InPost client stub answering at once) ` +
        `mounted with \`toNodeListener\` in Node's http server in its own process (\`bench/widget-api-server.ts\`), and in the same process a bare ` +
        `Node http handler answering the same bodies (the baseline). Rates per CPU-second of that process (user + system time read around each block), ` +
        `blocks alternating between the two. Long poll: a visitor's \`order-complete?since=\` one version behind, so the handler reads the visitor, ` +
        `sees the change and answers at once (a parked poll costs no CPU while it waits). SSE setups: a connection opened, read to its first \`data:\` ` +
        `message, closed by the client. Pushes: ${STREAMS} streams open on one visitor, ${PUSHES} state changes each waited for on every stream ` +
        `(the handler re-reads the visitor per stream; the bare handler writes one string to each); the change's own request is in both CPU figures. ` +
        `CPU time (ms): long poll ${cpu.handler.poll.toFixed(0)} / bare ${cpu.bare.poll.toFixed(0)}; setups ${cpu.handler.setup.toFixed(0)} / ` +
        `${cpu.bare.setup.toFixed(0)}; pushes ${cpu.handler.push.toFixed(0)} / ${cpu.bare.push.toFixed(0)}.`,
    ];
    return { rows, details };
  } finally {
    agent.destroy();
    await server.stop();
  }
}
