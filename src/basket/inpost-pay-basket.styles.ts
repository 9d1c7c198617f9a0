import { css } from 'lit';

export const basketStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    max-width: 100%;
    font-size: 16px;
    line-height: 1.4;
  }
  :host(:not([modal])) .screen {
    padding: 1rem;
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  :host([modal]) {
    display: contents;
  }
  * {
    box-sizing: border-box;
  }
  dialog {
    width: 100%;
    max-width: min(28rem, 100vw - 2rem);
    max-height: calc(100dvh - 2rem);
    padding: 0;
    border: none;
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    overflow: auto;
    box-shadow: 0 8px 32px rgb(0 0 0 / 0.35);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.55);
  }
  /* The dialog's content fills it, so a click whose target is the dialog itself hit the backdrop. */
  .dialog-body {
    padding: 1.25rem;
  }
  .dialog-bar {
    display: flex;
    justify-content: flex-end;
    margin: -0.5rem -0.5rem 0.25rem 0;
  }
  h2 {
    margin: 0 0 0.75rem;
    font-size: 1.25rem;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  /* Headings take focus from script after a screen change; the ring shows only where it helps. */
  h2:focus:not(:focus-visible) {
    outline: none;
  }
  p {
    margin: 0 0 0.75rem;
  }
  .muted {
    color: var(--_muted);
  }
  .masked {
    font-size: 1.25rem;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.05em;
    /* A long masked number at 200 % text on a 320 px screen wraps rather than scrolling sideways. */
    overflow-wrap: anywhere;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 1rem;
  }
  button,
  a.button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    min-height: 44px;
    min-width: 44px;
    padding: 0.5em 1em;
    border: 2px solid currentColor;
    border-radius: var(--_radius);
    background: transparent;
    color: var(--_text);
    font: inherit;
    font-weight: 600;
    text-align: center;
    text-decoration: none;
    cursor: pointer;
  }
  .primary {
    flex: 1 1 auto;
    border-color: transparent;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .primary:hover {
    filter: brightness(0.95);
  }
  button[aria-disabled='true'] {
    cursor: progress;
  }
  .link {
    padding: 0.25em 0;
    border: none;
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }
  .close {
    padding: 0.25em 0.75em;
    border-color: transparent;
    font-weight: 500;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin-bottom: 0.75rem;
    min-width: 0;
  }
  .phone-row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .phone-row .prefix {
    flex: 0 0 auto;
  }
  .phone-row .number {
    flex: 1 1 10rem;
  }
  label {
    font-weight: 600;
  }
  input,
  select {
    width: 100%;
    min-height: 44px;
    padding: 0.5em 0.75em;
    border: 2px solid var(--_muted);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
  }
  input[aria-invalid='true'] {
    border-color: var(--_error);
  }
  .hint,
  .error {
    margin: 0;
    font-size: 0.875rem;
  }
  .hint {
    color: var(--_muted);
  }
  .error,
  .alert {
    color: var(--_error);
    font-weight: 600;
  }
  .alert,
  .status {
    margin: 0;
  }
  .alert:not(:empty),
  .status:not(:empty) {
    margin-top: 0.75rem;
  }
  .waiting {
    display: flex;
    align-items: center;
    gap: 0.75rem;
  }
  .qr {
    display: block;
    width: min(100%, 14rem);
    height: auto;
    aspect-ratio: 1;
    margin: 0 auto 0.75rem;
    padding: 0.5rem;
    border-radius: var(--_radius);
    background: #ffffff;
  }
`;
