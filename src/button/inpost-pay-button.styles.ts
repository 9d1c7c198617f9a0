import { css } from 'lit';

export const buttonStyles = css`
  :host {
    display: inline-block;
    vertical-align: top;
    max-width: 100%;
    min-width: 220px;
  }
  :host([size='xs']) {
    --_height: 32px;
    --_font-size: 13px;
  }
  :host([size='sm']) {
    --_height: 40px;
    --_font-size: 14px;
  }
  :host([size='lg']) {
    --_height: 56px;
    --_font-size: 17px;
  }
  :host([size='xl']) {
    --_height: 64px;
    --_font-size: 18px;
  }
  :host([fill]) {
    display: block;
  }
  :host([shape='square']) {
    --_radius: var(--inpost-pay-radius, 0);
  }
  :host([shape='round']) {
    --_radius: var(--inpost-pay-radius, 999px);
  }
  button {
    box-sizing: border-box;
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    width: 100%;
    min-height: var(--inpost-pay-button-height, var(--_height, 48px));
    padding: 0.25em 1.25em;
    border: 2px solid transparent;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    /* The page font family; the size attribute sets the font size with the height. */
    font: inherit;
    font-size: var(--_font-size, 16px);
    font-weight: 600;
    line-height: 1.2;
    cursor: pointer;
  }
  button:hover {
    filter: brightness(0.95);
  }
`;

/** What only a pressed or linked button shows: the pending state, the count badge and the message. */
export const buttonStateStyles = css`
  button[aria-disabled='true'] {
    cursor: progress;
  }
  .count {
    min-width: 1.5em;
    padding: 0.1em 0.45em;
    border-radius: 999px;
    background: var(--_on-accent);
    color: var(--_accent);
    font-variant-numeric: tabular-nums;
  }
  .message {
    margin: 0.5em 0 0;
    padding: 0.5em 0.75em;
    border-radius: var(--_radius);
    background: var(--_surface);
    font-size: 14px;
    line-height: 1.4;
  }
  .error {
    color: var(--_error);
  }
`;
