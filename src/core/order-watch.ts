import { asCallbackError, CallbackError, describeReason, invoke, isRecord, reasonOf, unusable } from './callbacks.js';
import type { Configuration, OrderWatchOptions } from './config.js';
import { endpointUrl } from './endpoint-callbacks.js';

export type { OrderWatchOptions };

/** What `iziGetOrderComplete` (or the WebSocket) may report. */
export type OrderOutcome = { action: 'redirect'; redirect: unknown } | { action: 'refresh' };

/** The page state a shop's backend pushes between outcomes (`{state: {version, basket_linked, count, ...}}`). */
export type PushedState = { state: Record<string, unknown> };

/** Reads an answer: an outcome, pushed state, `undefined` for "nothing yet", or `'invalid'` for garbage. */
export function readOutcome(answer: unknown): OrderOutcome | PushedState | undefined | 'invalid' {
  if (answer == null || (Array.isArray(answer) && answer.length === 0)) return undefined;
  if (!isRecord(answer)) return 'invalid';
  if (answer.action === 'redirect') return { action: 'redirect', redirect: answer.redirect };
  if (answer.action === 'refresh') return { action: 'refresh' };
  if (answer.action == null && isRecord(answer.state)) return { state: answer.state };
  return answer.action == null || answer.action === '' ? undefined : 'invalid';
}

const LOCK = 'inpost-pay-order-watch';
/** What a call that did not settle within `maxWait` (or was cut short by stop()) reads as. */
const UNSETTLED = Symbol('unsettled');
const EXPECTED = 'nothing, {state}, {action: "redirect", redirect} or {action: "refresh"}';

/** Delay before the next call: the interval, doubled per failure up to the cap, with jitter. */
export function nextDelay(failures: number, options: OrderWatchOptions = {}, random = Math.random): number {
  const interval = Math.max(250, options.interval ?? 3000);
  if (failures === 0) return interval;
  const capped = Math.min(Math.max(interval, options.maxInterval ?? 60000), interval * 2 ** failures);
  return Math.round(capped * (0.5 + random() / 2));
}

/**
 * Watches for the order with one of the three methods. Framework-free; the session owns one per page,
 * and with Web Locks only one page of the shop per browser actually calls.
 */
export class OrderWatch {
  #generation = 0;
  #running = false;
  #timer?: ReturnType<typeof setTimeout>;
  #wake?: () => void;
  #socket?: WebSocket;
  #source?: EventSource;
  #lock?: AbortController;
  #release?: () => void;

  /**
   * `config` gives the options and the callback (read at each start, so `configure()` takes effect
   * at the next one); `onOutcome` gets the outcome once, after which the watch has stopped;
   * `onError` gets every failure, after which the watch carries on; `onState` every pushed page state.
   */
  constructor(
    private readonly config: Configuration,
    private readonly onOutcome: (outcome: OrderOutcome) => void,
    private readonly onError: (error: CallbackError) => void,
    private readonly onState: (state: Record<string, unknown>) => void = () => {},
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const generation = ++this.#generation;
    const run = () =>
      new Promise<void>((release) => {
        this.#release = release;
        this.#watch(generation);
      });
    const locks = globalThis.navigator?.locks;
    if (locks && this.#options().perBrowser !== false) {
      this.#lock = new AbortController();
      locks.request(LOCK, { signal: this.#lock.signal }, run).catch(() => {});
    } else void run();
  }

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#generation++;
    this.#lock?.abort();
    this.#release?.();
    clearTimeout(this.#timer);
    this.#wake?.();
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close();
    this.#source?.close();
    this.#source = undefined;
  }

  #options = (): OrderWatchOptions => this.config.options.orderWatch ?? {};
  #live = (generation: number) => this.#running && generation === this.#generation;

  #watch(generation: number): void {
    const { endpoint } = this.config.options;
    const { method = endpoint ? 'sse' : 'loop', url } = this.#options();
    // With an endpoint, the push routes of its contract, on this page's origin.
    const pushUrl =
      url ??
      (endpoint && method === 'sse'
        ? endpointUrl(this.config, '/order-events')
        : endpoint && method === 'websocket'
          ? new URL(endpointUrl(this.config, '/order-socket'), location.href).href.replace(/^http/, 'ws')
          : undefined);
    if (method === 'websocket' && pushUrl) this.#listen(generation, pushUrl, 0);
    else if (method === 'sse' && pushUrl) void this.#stream(generation, pushUrl, 0);
    else void this.#loop(generation);
  }

  #finish(outcome: OrderOutcome): void {
    this.stop();
    this.onOutcome(outcome);
  }

  async #loop(generation: number): Promise<void> {
    let failures = 0;
    let version: unknown;
    while (this.#live(generation)) {
      await this.#whenVisible(generation);
      if (!this.#live(generation)) return;
      let delay: number | undefined;
      try {
        // No callback timeout: a shop's callback may stay pending until something happens. But a
        // promise the shop can no longer settle must not end the watch: after maxWait, call again.
        const started = Date.now();
        const call = invoke(this.config, 'iziGetOrderComplete', [], 0);
        const answer = await this.#bounded(call, Math.max(1000, this.#options().maxWait ?? 90000));
        if (!this.#live(generation)) return;
        if (answer === UNSETTLED) {
          // An order the late answer reports is still the order: follow it if the watch still runs.
          call.then((late) => {
            const outcome = readOutcome(late);
            if (isRecord(outcome) && 'action' in outcome && this.#live(generation)) this.#finish(outcome);
          }, () => {});
          failures = 0;
          await this.#sleep(nextDelay(0, this.#options()), generation);
          continue;
        }
        const outcome = readOutcome(answer);
        if (outcome === 'invalid') throw unusable('iziGetOrderComplete', answer, EXPECTED);
        if (outcome && 'action' in outcome) return this.#finish(outcome);
        if (outcome) {
          this.onState(outcome.state);
          // A long poll answers a change at once (ask again at once: more may follow) or after the
          // shop held it; a shop that answers at once with nothing new is asked every interval.
          // The handler's long poll (with an `endpoint`) answers nothing new only when its time is
          // up, however short the shop set it: asked again at once, but at most once a second.
          const waited = Date.now() - started;
          const pause = this.config.options.endpoint ? 1000 : nextDelay(0, this.#options());
          delay = outcome.state.version !== version ? 0 : Math.max(0, pause - waited);
          version = outcome.state.version;
        }
        failures = 0;
      } catch (error) {
        if (!this.#live(generation)) return;
        this.onError(asCallbackError(error, 'iziGetOrderComplete'));
        // Without the callback there is nothing to loop on; configure() starts the watch again.
        if (reasonOf(error) === 'missing') return this.stop();
        failures++;
        // A shop that said when to ask again (429/503 with Retry-After) is not asked sooner.
        const cause = error instanceof CallbackError && isRecord(error.cause) ? error.cause : {};
        delay = Math.max(nextDelay(failures, this.#options()), Number(cause.retry_after) * 1000 || 0);
      }
      await this.#sleep(delay ?? nextDelay(failures, this.#options()), generation);
    }
  }

  /** A pushed message (WebSocket or stream): an outcome ends the watch, a state goes to the session. */
  #message(generation: number, data: unknown): void {
    if (!this.#live(generation)) return;
    let outcome: ReturnType<typeof readOutcome> = 'invalid';
    try {
      outcome = readOutcome(JSON.parse(String(data)));
    } catch {}
    if (outcome === 'invalid') this.onError(unusable('orderWatch', data, `JSON ${EXPECTED}`));
    else if (outcome && 'action' in outcome) this.#finish(outcome);
    else if (outcome) this.onState(outcome.state);
  }

  /**
   * Server-Sent Events: closed while the tab is hidden (as the loop pauses), opened again when it is
   * shown (the stream's first message is the state then). A stream that never opened (no such route)
   * falls back to looping when there is a callback to loop on; one that was open reconnects.
   */
  async #stream(generation: number, url: string, failures: number): Promise<void> {
    await this.#whenVisible(generation);
    if (!this.#live(generation)) return;
    let source: EventSource;
    try {
      source = new EventSource(url);
    } catch (error) {
      this.onError(new CallbackError('orderWatch', 'refused', `order-watch stream ${url}: ${describeReason(error)}; looping`, error));
      return void this.#loop(generation);
    }
    this.#source = source;
    let opened = false;
    const hide = () => {
      if (this.#source !== source) return document.removeEventListener('visibilitychange', hide);
      if (document.visibilityState !== 'hidden') return;
      document.removeEventListener('visibilitychange', hide);
      source.close();
      this.#source = undefined;
      void this.#stream(generation, url, failures);
    };
    document.addEventListener('visibilitychange', hide);
    source.onopen = () => ((opened = true), (failures = 0));
    source.onmessage = (message) => this.#message(generation, message.data);
    source.onerror = async () => {
      if (!this.#live(generation) || this.#source !== source) return;
      // The browser would retry on its own, without backoff: the watch decides instead.
      source.close();
      this.#source = undefined;
      const fallback = !opened && Boolean(this.config.callback('iziGetOrderComplete'));
      if (!opened) this.onError(new CallbackError('orderWatch', 'rejected', `order-watch stream ${url} did not open; ${fallback ? 'looping' : 'reconnecting'}`));
      if (fallback) return void this.#loop(generation);
      await this.#sleep(nextDelay(failures + 1, this.#options()), generation);
      if (this.#live(generation)) void this.#stream(generation, url, failures + 1);
    };
  }

  #listen(generation: number, url: string, failures: number): void {
    let socket: WebSocket;
    try {
      if (!/^wss?:\/\//i.test(url)) throw new Error('the URL must start with ws:// or wss://');
      socket = new WebSocket(url);
    } catch (error) {
      this.onError(new CallbackError('orderWatch', 'refused', `order-watch WebSocket ${url}: ${describeReason(error)}; looping`, error));
      void this.#loop(generation);
      return;
    }
    this.#socket = socket;
    socket.onopen = () => (failures = 0);
    socket.onmessage = (message) => this.#message(generation, message.data);
    socket.onclose = async () => {
      if (!this.#live(generation) || this.#socket !== socket) return;
      this.#socket = undefined;
      const fallback = Boolean(this.config.callback('iziGetOrderComplete'));
      this.onError(new CallbackError('orderWatch', 'rejected', `order-watch WebSocket ${url} closed; ${fallback ? 'looping' : 'reconnecting'}`));
      if (fallback) return void this.#loop(generation);
      await this.#sleep(nextDelay(failures + 1, this.#options()), generation);
      if (this.#live(generation)) this.#listen(generation, url, failures + 1);
    };
  }

  /** Resolves at once while the page is visible; in a hidden tab, as soon as it is shown again. */
  #whenVisible(generation: number): Promise<void> {
    if (typeof document === 'undefined' || document.visibilityState !== 'hidden') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        if (document.visibilityState === 'hidden' && this.#live(generation)) return;
        document.removeEventListener('visibilitychange', done);
        this.#wake = undefined;
        resolve();
      };
      this.#wake = () => {
        document.removeEventListener('visibilitychange', done);
        resolve();
      };
      document.addEventListener('visibilitychange', done);
    });
  }

  /** The call's answer, or UNSETTLED once `ms` passed or the watch stopped (stop() wakes it) first. */
  #bounded(call: Promise<unknown>, ms: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(UNSETTLED), ms);
      this.#timer = timer;
      this.#wake = () => resolve(UNSETTLED);
      call.then(
        (answer) => (clearTimeout(timer), resolve(answer)),
        (error) => (clearTimeout(timer), reject(error)),
      );
    });
  }

  #sleep(ms: number, generation: number): Promise<void> {
    if (!this.#live(generation)) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(resolve, ms);
    });
  }
}
