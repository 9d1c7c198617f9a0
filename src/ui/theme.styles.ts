import { css, html } from 'lit';

/** The spinner of a pending action, styled by `.spinner` below; decorative, so hidden from screen readers. */
export const spinner = html`<span class="spinner" aria-hidden="true"></span>`;

/** The values `scheme="black"` sets; a fragment, so `<inpost-izi-button>`'s own switches (compat/) reuse it. */
export const blackScheme = css`
  --_accent: var(--inpost-pay-accent, #1a1a1a);
  --_on-accent: var(--inpost-pay-on-accent, #ffffff);
`;
/** The values `dark` sets. */
export const darkMode = css`
  --_surface: var(--inpost-pay-surface, #1f1f1f);
  --_text: var(--inpost-pay-text, #f2f2f2);
  --_error: var(--inpost-pay-error, #ffb4ab);
  --_focus: var(--inpost-pay-focus-ring, #ffcd00);
`;
/** The values `dark` with `scheme="black"` sets. */
export const darkBlack = css`
  --_accent: var(--inpost-pay-accent, #f2f2f2);
  --_on-accent: var(--inpost-pay-on-accent, #1a1a1a);
`;

/**
 * The styling surface both elements share: custom properties with InPost's defaults, the
 * `scheme` and `dark` switches and the focus ring.
 */
export const themeStyles = css`
  :host {
    --_accent: var(--inpost-pay-accent, #ffcd00);
    --_on-accent: var(--inpost-pay-on-accent, #1a1a1a);
    --_surface: var(--inpost-pay-surface, #ffffff);
    --_text: var(--inpost-pay-text, #1a1a1a);
    --_error: var(--inpost-pay-error, #b3261e);
    --_focus: var(--inpost-pay-focus-ring, #1a1a1a);
    --_radius: var(--inpost-pay-radius, 8px);
    font-family: var(--inpost-pay-font, system-ui, sans-serif);
    color: var(--_text);
  }
  :host([scheme='black']) {
    ${blackScheme}
  }
  :host([dark]) {
    ${darkMode}
  }
  :host([dark][scheme='black']) {
    ${darkBlack}
  }
  :host([hidden]) {
    display: none;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
`;

/**
 * The spinner of a pending action and the text that only screen readers get ("Chwileczkę…"). Kept
 * apart from the theme: a listing page's buttons need them only once pressed (see `InpostPayButton`).
 */
export const busyStyles = css`
  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    flex: none;
  }
  @media (prefers-reduced-motion: no-preference) {
    .spinner {
      animation: spin 0.8s linear infinite;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
