/** Small template pieces the basket's screens and dialogs share. */
import { html } from 'lit';
import type { Strings } from '../i18n/index.js';
import { spinner } from '../ui/theme.styles.js';

/** A spinner with what the widget waits for. */
export const waiting = (text: string) => html`<p class="waiting">${spinner} <span>${text}</span></p>`;

/** An error inside a dialog: an alert, so it is spoken at once; empty, it says nothing. */
export const alert = (text: string) => html`<p part="message" class="alert" role="alert">${text}</p>`;

/** A button of the actions row: the screen's main action, or a secondary one styled as a link. */
export const action = (label: string, onClick: () => void, primary?: boolean) =>
  html`<button part=${primary ? 'primary-action' : 'action'} class=${primary ? 'primary' : 'link'} type="button" @click=${onClick}>${label}</button>`;

/** A label that, while its action runs, has a spinner before it and says so to screen readers. */
export const busyLabel = (pending: boolean, label: string, t: Strings) =>
  pending ? html`${spinner} ${label} <span class="visually-hidden">${t.busy}</span>` : label;

/** The dialog a pointer went down on, when it went down on the dialog itself (its backdrop). */
let downOnBackdrop: EventTarget | null = null;

/** `pointerdown` listener of a dialog: remembers whether the press started on the backdrop. */
export function trackBackdropDown(event: Event): void {
  downOnBackdrop = event.target === event.currentTarget ? event.currentTarget : null;
}

/**
 * Whether a click on a dialog is a click on its backdrop: the content fills the dialog, so a click
 * on the dialog itself is outside the content; and the press started there too (not a text
 * selection dragged out of the content).
 */
export const onBackdropClick = (event: Event): boolean =>
  event.target === event.currentTarget && downOnBackdrop === event.currentTarget;
