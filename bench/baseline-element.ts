// The baseline the widget's figures are compared with: the smallest useful Lit element, one
// <button> in its shadow root. Bundled with esbuild into an IIFE (minified like the widget's bundle).
import { LitElement, css, html } from 'lit';

class BenchBaselineButton extends LitElement {
  static override styles = css`
    button {
      font: inherit;
    }
  `;

  override render() {
    return html`<button type="button">Buy</button>`;
  }
}

if (!customElements.get('bench-baseline-button')) customElements.define('bench-baseline-button', BenchBaselineButton);
