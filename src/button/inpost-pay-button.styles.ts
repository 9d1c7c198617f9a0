import { css } from 'lit';

/**
 * The button's box. Its width comes from the container, never from its label: `min(100%,
 * --inpost-pay-button-width)`, so it never sticks out of a card and keeps the same box when the
 * label changes (linking, the count). Its height is a minimum every label fits in at the widths
 * below, so that stays too. The host is a size container: the label's size follows the width the
 * shop gives (one line from 240 px, at most two from 180 px, in the widest common font, DejaVu Sans;
 * test/unit/button-geometry.test.ts). The container costs the render of a listing page about 7 %
 * more CPU; a width observer instead let the first paint show the wrong label size (bench/README.md).
 */
export const buttonStyles = css`
  :host {
    display: inline-block;
    vertical-align: top;
    box-sizing: border-box;
    inline-size: min(100%, var(--inpost-pay-button-width, 360px));
    max-inline-size: 100%;
    container-type: inline-size;
  }
  :host([size='xs']) {
    --_height: 32px;
  }
  :host([size='sm']) {
    --_height: 40px;
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
    inline-size: 100%;
  }
  :host([shape='square']) {
    --_radius: var(--inpost-pay-button-radius, var(--inpost-pay-radius, 0));
  }
  :host([shape='round']) {
    --_radius: var(--inpost-pay-button-radius, var(--inpost-pay-radius, 999px));
  }
  button {
    box-sizing: border-box;
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 0.4em;
    width: 100%;
    min-height: var(--inpost-pay-button-height, var(--_height, 48px));
    margin: 0;
    padding: 0.25em 14px;
    /* Transparent, but drawn in forced colours (Windows contrast themes). */
    border: 2px solid transparent;
    border-radius: var(--inpost-pay-button-radius, var(--_radius));
    background: var(--_accent);
    color: var(--_on-accent);
    /* The page font family; the size attribute sets the font size with the height. */
    font: inherit;
    font-size: var(--_font-size, 15px);
    font-weight: 500;
    line-height: 1.2;
    text-align: center;
    cursor: pointer;
  }
  /* Narrow: a smaller label, so one line holds it from 240 px and two from 180 px. */
  @container (max-width: 299.98px) {
    button {
      padding-inline: 6px;
      font-size: 12.5px;
    }
  }
  button:hover {
    filter: brightness(0.95);
  }
  /*
   * No box of its own: its text is laid out as the button's, and the text linking puts in is new
   * nodes, so linking moves no box (measurement 8 of the bench). A box would move as the label's
   * width changes.
   */
  [part='label'] {
    display: contents;
  }
  /* The empty basket's box: the button's size, nothing to press. */
  .empty {
    box-sizing: border-box;
    display: flex;
    align-items: center;
    justify-content: center;
    min-height: var(--inpost-pay-button-height, var(--_height, 48px));
    margin: 0;
    border: 2px dashed currentColor;
    border-radius: var(--inpost-pay-button-radius, var(--_radius));
    font-size: 14px;
  }
`;

/** What only a pressed or linked button shows: the pending state, the count badge and the message. */
export const buttonStateStyles = css`
  button[aria-disabled='true'] {
    cursor: progress;
  }
  /* Over the padding, so a press's spinner moves nothing (measurement 8 of the bench). */
  button {
    position: relative;
  }
  button > .spinner {
    position: absolute;
    inset-inline-end: 0.75em;
  }
  .count {
    box-sizing: border-box;
    flex: none;
    min-width: 1.6em;
    padding: 0.1em 0.4em;
    /* Its padding beyond the label's line adds nothing to the button's height (xs stays 32 px). */
    margin-block: -0.1em;
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
