import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { BindingSession } from '../core/session.js';
import type { Strings } from '../i18n/index.js';
import type { BindingFlow } from './binding-flow.js';
import { alert, busyLabel, onBackdropClick, trackBackdropDown } from './parts.js';

/** What the rebind confirmation needs of the element it runs in. */
export interface RebindHost extends ReactiveControllerHost, EventTarget {
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** Renders again, then moves focus to `selector` if focus is in the element. */
  focusAfterUpdate(selector: string): void;
  /** Fires the open/close events of a screen (here `rebind`). */
  announceScreen(open: boolean, screen: 'rebind'): void;
}

/**
 * "Połącz te zakupy z innym kontem": the confirmation in its own native dialog, then
 * `iziBindingDelete` once, however often it is pressed meanwhile. `state` is undefined while the
 * dialog is closed, `done` while it closes after the unbinding.
 */
export class RebindConfirmation {
  state?: 'open' | 'pending' | 'failed' | 'done';

  constructor(
    private readonly host: RebindHost,
    private readonly session: BindingSession,
    private readonly flow: BindingFlow,
  ) {}

  get #dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector('dialog.rebind');
  }

  /** Opens the confirmation with its question focused. */
  async open(): Promise<void> {
    this.flow.status = undefined;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const dialog = this.#dialog;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    this.state = 'open';
    dialog.querySelector<HTMLElement>('#rebind-question')!.focus();
    this.host.announceScreen(true, 'rebind');
  }

  /** Closes the confirmation; not while `iziBindingDelete` is pending (unless `force`d), whose answer has to land somewhere visible. */
  close(force?: boolean): void {
    if (this.state === 'pending' && !force) return;
    this.#dialog?.close();
    this.#onClose();
  }

  /** Runs once per opening, whether the popup closed by a button (at once) or by Escape (on its close event). */
  #onClose(): void {
    const was = this.state;
    if (!was) return;
    this.state = undefined;
    this.host.announceScreen(false, 'rebind');
    this.host.focusAfterUpdate(was === 'done' ? '#phone' : '#rebind');
  }

  /** "Połącz z innym numerem telefonu". */
  async confirm(): Promise<void> {
    if (this.state === 'pending') return;
    this.state = 'pending';
    this.host.requestUpdate();
    try {
      await this.session.unbind(this.host);
    } catch {
      if (this.state) this.state = 'failed';
      this.host.requestUpdate();
      return;
    }
    this.flow.finish('unbound');
    if (this.state) {
      this.state = 'done';
      this.close();
    }
  }

  /** The confirmation dialog; closed until `open()`. */
  render(t: Strings, masked: string) {
    const pending = this.state === 'pending';
    return html`<dialog
      part="dialog rebind"
      class="rebind"
      aria-labelledby="rebind-question"
      @cancel=${(e: Event) => this.state === 'pending' && e.preventDefault()}
      @close=${(e: Event) => !(e.target as HTMLDialogElement).open && this.#onClose()}
      @pointerdown=${trackBackdropDown}
      @click=${(e: Event) => onBackdropClick(e) && this.close()}
    >
      <div class="dialog-body" aria-busy=${pending || nothing}>
        <h2 id="rebind-question" part="title" tabindex="-1">${t.rebindQuestion(masked)}</h2>
        ${alert(this.state === 'failed' ? t.rebindFailed : '')}
        <div class="actions">
          <button part="primary-action" class="primary" type="button" aria-disabled=${pending || nothing} @click=${() => this.confirm()}>
            ${busyLabel(pending, t.rebindConfirm, t)}
          </button>
          <button part="action" type="button" aria-disabled=${pending || nothing} @click=${() => this.close()}>${t.cancel}</button>
        </div>
      </div>
    </dialog>`;
  }
}
