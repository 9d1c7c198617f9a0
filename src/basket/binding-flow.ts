import { Task } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CallbackError, reasonOf } from '../core/callbacks.js';
import { safeImageSrc } from '../core/sanitize.js';
import type { BindingSession } from '../core/session.js';
import { DEFAULT_PREFIX, digitsOnly, isValidPhone } from './phone-field.js';

/** Where the binding screen is: the phone form, the QR code, or waiting for the app. */
export type Step = 'phone' | 'qr' | 'waiting';
/** Which message a failed call leaves on screen; keys of the strings, so a language switch re-renders it. */
export type Failure = 'failed' | 'timedOut' | 'rejected' | 'tooManyRequests' | 'phoneUnavailable';

/** What the flow needs of the element it runs in. */
export interface BindingFlowHost extends ReactiveControllerHost, EventTarget {
  /** Sent with the binding request; `BASKET_SUMMARY` when absent. */
  readonly bindingPlace?: string;
  /** Passed to the deprecated `iziGetBindingData`. */
  readonly productId?: string;
  /** Renders again, then moves focus to `selector` if focus is in the element. */
  focusAfterUpdate(selector: string): void;
}

/** On a phone the QR code cannot be scanned by the phone showing it, so the app link is offered. */
const onPhone = (): boolean =>
  typeof matchMedia === 'function' && (matchMedia('(pointer: coarse)').matches || matchMedia('(max-width: 40em)').matches);

/**
 * The binding flow of `<inpost-pay-basket>`, without its rendering: the phone form, the binding
 * request by phone or QR code, the wait for the shopper's confirmation in the app, and abandoning
 * all of it when the screen closes or starts again. Every answer that arrives for an abandoned
 * attempt is ignored. Calls `session` for the callbacks; the host re-renders on every change.
 */
export class BindingFlow implements ReactiveController {
  step: Step = 'phone';
  /** A binding request is pending. */
  busy = false;
  failure?: Failure;
  /** What the QR request gave: a usable image and, on a phone, the app link. */
  qr?: { src?: string; link?: string };
  /**
   * What the status region says: the basket just got bound or unbound here, or it was `removed`
   * elsewhere (in the app, another tab) while this element showed it, which the phone form also shows.
   */
  status?: 'bound' | 'unbound' | 'removed';
  prefix: string = DEFAULT_PREFIX;
  /** The number as typed. */
  number = '';
  /** The field was left or submitted once: its error may show from now on. */
  touched = false;
  /**
   * The binding attempt (the request, then the wait for the app's confirmation): a new run aborts
   * the one before (last call wins), and restarting the flow aborts it. An aborted run changes
   * nothing on screen: every step checks its signal.
   */
  readonly #attempt: Task<[{ prefix: string; number: string } | undefined], void>;

  constructor(
    private readonly host: BindingFlowHost,
    private readonly session: BindingSession,
  ) {
    host.addController(this);
    this.#attempt = new Task(host, { autoRun: false, task: ([phone], { signal }) => this.#run(phone, signal) });
  }

  /** Put back on the page, the element starts again at the phone form. */
  hostDisconnected(): void {
    this.restart();
  }

  /** The typed number is one InPost can send a request to (see `isValidPhone`). */
  get phoneValid(): boolean {
    return isValidPhone(this.prefix, this.number);
  }

  /** Stops waiting for answers: a late confirmation must not change what the element shows. */
  abandon(): void {
    this.#attempt.abort();
    this.busy = false;
  }

  /** Back to the start of the binding screen, keeping the typed number. */
  restart(): void {
    this.abandon();
    this.step = 'phone';
    this.qr = this.failure = this.status = undefined;
    this.host.requestUpdate();
  }

  /** Starts afresh after a binding or an unbinding: the form empty, the status line saying what happened. */
  finish(status: 'bound' | 'unbound' | 'removed'): void {
    this.restart();
    this.number = '';
    this.touched = false;
    this.status = status;
  }

  /** "Spróbuj ponownie" after a failed confirmation, or "Podaj numer telefonu": back to the phone form. */
  backToPhone(): void {
    this.restart();
    this.host.focusAfterUpdate('#title');
  }

  /** The prefix (`isNumber` false) or the number as typed. */
  input(value: string, isNumber: boolean): void {
    if (isNumber) this.number = value;
    else this.prefix = value;
    this.host.requestUpdate();
  }

  /** The field lost focus: from now on a wrong number says so. */
  blur(): void {
    if (this.touched || !this.number) return;
    this.touched = true;
    this.host.requestUpdate();
  }

  /** "Połącz": sends the number, or shows why it cannot be sent and puts focus on the field. */
  submit(): void {
    if (this.busy) return;
    this.touched = true;
    if (!this.phoneValid) {
      this.host.focusAfterUpdate('#phone');
      return;
    }
    void this.request({ prefix: this.prefix, number: digitsOnly(this.number) });
  }

  /** Asks the shop to start a binding: by phone (a push to the app) or, without one, by QR code. */
  async request(phone?: { prefix: string; number: string }): Promise<void> {
    if (this.busy) return;
    await this.#attempt.run([phone]);
  }

  async #run(phone: { prefix: string; number: string } | undefined, signal: AbortSignal): Promise<void> {
    this.busy = true;
    this.failure = this.status = undefined;
    if (!phone && this.step !== 'qr') {
      this.step = 'qr';
      this.qr = undefined;
      this.host.focusAfterUpdate('#title');
    }
    this.host.requestUpdate();
    const { host } = this;
    try {
      // Without a phone number the session only resolves an answer with a usable QR code or link.
      const answer = (await this.session.requestBinding(phone, host.bindingPlace || 'BASKET_SUMMARY', host.productId || undefined, host)) as Record<string, unknown>;
      if (signal.aborted) return;
      if (phone) {
        this.busy = false;
        this.step = 'waiting';
        this.host.focusAfterUpdate('#title');
      } else {
        const link = onPhone() ? await this.session.appLink(answer.deep_link, host) : undefined;
        if (signal.aborted) return;
        this.busy = false;
        this.qr = { src: safeImageSrc(answer.qr_code), link };
        this.host.requestUpdate();
        if (!this.qr.src && !link) return;
      }
    } catch (error) {
      // A listener of inpost-pay-error may have closed the screen meanwhile.
      if (signal.aborted) return;
      this.busy = false;
      // The shop's error codes (CONTRACT §1) a shopper can act on get words of their own.
      const code = error instanceof CallbackError && error.code;
      this.failure =
        reasonOf(error) === 'timeout'
          ? 'timedOut'
          : code === 'TOO_MANY_REQUESTS'
            ? 'tooManyRequests'
            : code === 'PHONE_BINDING_METHOD_UNAVAILABLE'
              ? 'phoneUnavailable'
              : 'failed';
      this.host.requestUpdate();
      return;
    }
    await this.#waitForConfirmation(signal);
  }

  /** Waits for the shopper to confirm in the app; abandoned when the screen closes or restarts. */
  async #waitForConfirmation(signal: AbortSignal): Promise<void> {
    try {
      await this.session.confirmBinding(signal, this.host);
    } catch (error) {
      if (signal.aborted) return;
      this.failure = reasonOf(error) === 'declined' ? 'rejected' : 'failed';
      if (this.step !== 'waiting') this.host.focusAfterUpdate('#title');
      this.step = 'waiting';
      this.host.requestUpdate();
      return;
    }
    if (signal.aborted) return;
    this.finish('bound');
    this.host.focusAfterUpdate('#title');
  }
}
