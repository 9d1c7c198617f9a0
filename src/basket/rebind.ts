import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { BindingSession } from '../core/session.js';
import type { Strings } from '../i18n/index.js';
import type { BindingFlow } from './binding-flow.js';
import { alert, busyLabel } from './parts.js';
import type { ScreenContent } from './screens.js';

/** What the rebind confirmation needs of the element it runs in. */
export interface RebindHost extends ReactiveControllerHost, EventTarget {
  /** Renders again, then moves focus to `selector` if focus is in the element. */
  focusAfterUpdate(selector: string): void;
  /** Fires the open/close events of a screen (here `rebind`). */
  announceScreen(open: boolean, screen: 'rebind'): void;
}

/** Unbindings confirmed on this page and not yet settled: a basket that sees the unlinking meanwhile knows it was the shopper's, here. */
let unbindingHere = 0;
export const unbindingOnPage = (): boolean => unbindingHere > 0;

/**
 * "Połącz te zakupy z innym kontem": the confirmation, shown in place of the bound basket's screen
 * (in the modal's one dialog, or inline), then `iziBindingDelete` once, however often it is pressed
 * meanwhile. The call is a `Task`: its status is what the screen shows (pending, failed).
 */
export class RebindConfirmation {
  /** The confirmation shows in place of the bound basket's screen. */
  shown = false;
  /** Confirm was pressed since the confirmation opened: a failure of an earlier opening is not shown. */
  #tried = false;
  readonly #unbind: Task<[], void>;

  constructor(
    private readonly host: RebindHost,
    session: BindingSession,
    private readonly flow: BindingFlow,
  ) {
    this.#unbind = new Task(host, {
      autoRun: false,
      task: async () => {
        unbindingHere++;
        try {
          await session.unbind(host);
          // Before the task completes, so the element sees the unlinking as its own (not "unbound elsewhere").
          flow.finish('unbound');
        } finally {
          unbindingHere--;
        }
      },
    });
  }

  /** `iziBindingDelete` is pending. */
  get pending(): boolean {
    return this.#unbind.status === TaskStatus.PENDING;
  }

  /** Shows the confirmation, its question focused. */
  open(): void {
    if (this.shown) return;
    this.flow.status = undefined;
    this.shown = true;
    this.#tried = false;
    this.host.focusAfterUpdate('#title');
    this.host.announceScreen(true, 'rebind');
  }

  /** Back to the bound basket (or, after the unbinding, the phone form); not while `iziBindingDelete` is pending, unless `force`d. */
  close(force?: boolean): void {
    if (!this.shown || (this.pending && !force)) return;
    this.shown = false;
    this.host.announceScreen(false, 'rebind');
    this.host.focusAfterUpdate(this.flow.status === 'unbound' ? '#phone' : '#rebind');
  }

  /** "Połącz z innym numerem telefonu". */
  async confirm(): Promise<void> {
    if (this.pending) return;
    this.#tried = true;
    await this.#unbind.run();
    if (this.#unbind.status === TaskStatus.COMPLETE) this.close();
  }

  /** The confirmation as a screen of the frame: the question, the error, two actions of equal weight. */
  content(t: Strings, masked: string): ScreenContent {
    const pending = this.pending;
    const failed = this.#tried && this.#unbind.status === TaskStatus.ERROR;
    return {
      wrap: (c) => html`${c}`,
      title: t.rebindQuestion(masked),
      body: nothing,
      equal: true,
      message: alert(failed ? t.rebindFailed : ''),
      actions: html`<button part="primary-action" class="primary" type="button" aria-disabled=${pending || nothing} @click=${() => this.confirm()}>
          ${busyLabel(pending, t.rebindConfirm, t)}
        </button>
        <button part="action" class="secondary" type="button" aria-disabled=${pending || nothing} @click=${() => this.close()}>${t.cancel}</button>`,
    };
  }
}
