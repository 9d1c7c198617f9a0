import { css } from 'lit';

// `font: inherit`: the button keeps the page's font, as it always has (the sizes set only the height).
export const buttonStyles = css`
  :host {
    display: inline-block;
    vertical-align: top;
    max-width: 100%;
    min-width: 220px;
  }
  :host([size='xs']) {
    --_height: 32px;
  }
  :host([size='sm']) {
    --_height: 40px;
  }
  :host([size='lg']) {
    --_height: 56px;
  }
  :host([size='xl']) {
    --_height: 64px;
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
    font: inherit;
    cursor: pointer;
  }
  button:hover {
    filter: brightness(0.95);
  }
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
