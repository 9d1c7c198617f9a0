import { css } from 'lit';

export const basketStyles = css`
  :host {
    --_muted: var(--inpost-pay-muted, #4d4d4d);
    display: block;
    max-width: 100%;
    font-size: 16px;
    line-height: 1.4;
  }
  :host([dark]) {
    --_muted: var(--inpost-pay-muted, #c4c4c4);
  }
  :host([modal]) {
    display: contents;
  }
  * {
    box-sizing: border-box;
  }
  /* Inline, the screen sits on the shop's page with no inset: its text and actions align with the button above it. */
  dialog {
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  dialog {
    width: 100%;
    max-width: min(28rem, 100vw - 2rem);
    /* Within the viewport below its top margin (see margin-block), so its content scrolls inside it. */
    max-height: calc(100dvh - min(15vh, 8rem) - 1rem);
    padding: 0;
    border: 0;
    color: inherit;
    overflow: auto;
    box-shadow: 0 8px 32px #0000005a;
    /* Anchored at the top, not centred: a screen of another height grows downwards instead of moving the dialog (a layout shift). */
    margin-block: min(15vh, 8rem) auto;
  }
  dialog::backdrop {
    background: #0000008c;
  }
  /* The dialog's content fills it, so a click whose target is the dialog itself hit the backdrop. */
  .dialog-body {
    padding: 1.25rem;
  }
  h2,
  p {
    margin: 0 0 0.75rem;
  }
  h2 {
    font-size: 1.25rem;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  /*
   * Headings take focus from script after a screen change, so a screen reader starts there; they are
   * not controls (not in the tab order), so no ring: after a key press Chromium matches
   * :focus-visible on them, and a heavy box round a title reads as an error. Controls keep theirs.
   */
  h2[tabindex='-1']:focus {
    outline: 0;
  }
  .muted,
  .hint {
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
  .actions,
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .actions {
    margin-top: 1rem;
  }
  button,
  a,
  input,
  select {
    min-height: 44px;
    padding: 0.5em 1em;
    border: 2px solid;
    border-radius: var(--_radius);
    background: none;
    color: inherit;
    font: inherit;
  }
  button,
  a {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    min-width: 44px;
    font-weight: 600;
    text-align: center;
    text-decoration: none;
    cursor: pointer;
  }
  .primary {
    flex: 1 1 auto;
    border-color: #0000;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .primary:hover {
    filter: brightness(0.95);
  }
  /* A choice between equals (the rebind confirmation): the same size side by side, stacked when narrow. */
  .equal > * {
    flex: 1 1 12rem;
  }
  .secondary {
    border-color: currentColor;
  }
  .notice {
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid var(--_accent);
    background: color-mix(in srgb, var(--_accent) 12%, transparent);
  }
  [aria-disabled=true] {
    cursor: progress;
  }
  .link {
    padding: 0.25em 0;
    border: 0;
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }
  /* A button shrinks to its content even as a block, so the left margin puts it in the corner. */
  .close {
    display: flex;
    margin: -0.5rem -0.5rem 0.25rem auto;
    padding: 0.25em 0.75em;
    border-color: #0000;
    font-weight: 500;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    margin-bottom: 0.75rem;
    min-width: 0;
  }
  .prefix {
    flex: none;
  }
  .number {
    flex: 1 1 10rem;
  }
  label {
    font-weight: 600;
  }
  input,
  select {
    width: 100%;
    padding: 0.5em 0.75em;
    border-color: var(--_muted);
    background: var(--_surface);
  }
  [aria-invalid=true] {
    border-color: var(--_error);
  }
  .hint,
  .error {
    font-size: 0.875rem;
  }
  .error,
  .alert {
    color: var(--_error);
    font-weight: 600;
  }
  .alert {
    margin: 0.75rem 0 0;
  }
  /* Live regions stay in place while empty, taking no room. */
  .hint,
  .error,
  :empty {
    margin: 0;
  }
  .waiting {
    display: flex;
    align-items: center;
    gap: 0.75rem;
  }
  .qr {
    display: block;
    width: min(100%, 14rem);
    aspect-ratio: 1;
    margin: 0 auto 0.75rem;
    padding: 0.5rem;
    border-radius: var(--_radius);
    background: #fff;
  }
`;
