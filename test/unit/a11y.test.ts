// WCAG 2.2 AA audit of every state of both elements: axe with the WCAG 2.x A/AA rules, target
// size, text contrast measured from computed styles, reflow at 320 px and 200 % zoom, reduced
// motion, and a visible keyboard focus indicator.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import { configure, session } from '../../src/core/page.js';
import { openScreen } from '../../src/basket/inpost-pay-basket.js';
import type { InpostPayBasket, InpostPayButton } from '../../src/define.js';
import '../../src/define.js';
import { deepActive, modal, resetWidget, until } from './helpers.js';

// ---- axe ----------------------------------------------------------------------------------------

interface AxeNode {
  target: unknown;
  html: string;
  failureSummary?: string;
}
interface AxeResults {
  violations: { id: string; impact: string; help: string; nodes: AxeNode[] }[];
}
const axe = (window as unknown as { axe: { run(el: Element, options: object): Promise<AxeResults> } }).axe;
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Axe with only the WCAG 2.0/2.1/2.2 A and AA rules; every violation is printed. Called directly
 * because chai-a11y-axe's `accessible()` takes no rule tags (only `ignoredRules`).
 */
async function expectAxeClean(el: Element): Promise<void> {
  const { violations } = await axe.run(el, { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] });
  const report = violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help}\n  at ${JSON.stringify(n.target)}: ${n.html}\n  ${n.failureSummary ?? ''}`),
  );
  expect(report, report.join('\n')).to.deep.equal([]);
}

// ---- colours ------------------------------------------------------------------------------------

type RGBA = [number, number, number, number];

/** Parses a computed colour: `rgb()`/`rgba()` or `color(srgb ...)`, the forms Chromium computes. */
function parseColor(value: string): RGBA {
  let m = value.match(/^rgba?\(([^)]+)\)$/);
  if (m) {
    const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts[3] ?? 1];
  }
  m = value.match(/^color\(srgb ([^)]+)\)$/);
  if (m) {
    const parts = m[1].split(/[\s/]+/).filter(Boolean).map(Number);
    return [parts[0] * 255, parts[1] * 255, parts[2] * 255, parts[3] ?? 1];
  }
  throw new Error(`cannot parse the computed colour ${value}`);
}

/** `top` painted over the opaque `bottom`. */
const over = (top: RGBA, bottom: RGBA): RGBA => {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1) as RGBA;
};

function luminance([r, g, b]: RGBA): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: RGBA, b: RGBA): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The parent across shadow boundaries: a shadow root's child goes on to the host. */
const parentOf = (el: Element): Element | null =>
  el.parentElement ?? (el.parentNode instanceof ShadowRoot ? el.parentNode.host : null);

/**
 * The background `el` is painted on: its own and its ancestors' background colours (crossing into
 * the shadow host) composited up to the first opaque one; the canvas is white.
 */
function effectiveBackground(el: Element | null): RGBA {
  const layers: RGBA[] = [];
  for (let node = el; node; node = parentOf(node)) {
    const bg = parseColor(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] >= 1) break;
  }
  return layers.reduceRight<RGBA>((below, layer) => over(layer, below), [255, 255, 255, 1]);
}

const rendered = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';

/** Where `el` shows: its box, or for an element without one (`display: contents`) its text's extent. */
function extentOf(el: Element): DOMRect {
  if (getComputedStyle(el).display !== 'contents') return el.getBoundingClientRect();
  const text = document.createRange();
  text.selectNodeContents(el);
  return text.getBoundingClientRect();
}

/** The element that lays out `el`'s text: itself, or (`display: contents`, the button's label) its nearest ancestor with a box. */
function boxOf(el: Element): Element {
  let box: Element | null = el;
  while (box && getComputedStyle(box).display === 'contents') box = parentOf(box);
  return box ?? el;
}

/** Every element of the widget's shadow tree that shows text (visually hidden text excluded). */
function textElements(host: Element): Element[] {
  const found = new Set<Element>();
  const walker = document.createTreeWalker(host.shadowRoot!, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !node.textContent!.trim() || parent.closest('.visually-hidden, option')) continue;
    // The text's own colour (the element's) is measured where it is drawn (its box's).
    if (rendered(boxOf(parent))) found.add(parent);
  }
  for (const field of host.shadowRoot!.querySelectorAll('input, select')) if (rendered(field)) found.add(field);
  return [...found];
}

const describeEl = (el: Element) =>
  `${el.localName}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;

/** Text against its effective background ≥ 4.5:1, and field borders against theirs ≥ 3:1. */
function expectContrast(host: Element): void {
  const failures: string[] = [];
  const texts = textElements(host);
  expect(texts.length, 'text to measure').to.be.greaterThan(0);
  for (const el of texts) {
    const bg = effectiveBackground(el);
    const fg = over(parseColor(getComputedStyle(el).color), bg);
    const ratio = contrast(fg, bg);
    if (ratio < 4.5) failures.push(`${describeEl(el)}: ${ratio.toFixed(2)}:1 (${getComputedStyle(el).color} on rgb(${bg.slice(0, 3).map(Math.round)}))`);
  }
  for (const field of host.shadowRoot!.querySelectorAll('input, select')) {
    if (!rendered(field)) continue;
    const bg = effectiveBackground(parentOf(field));
    const ratio = contrast(over(parseColor(getComputedStyle(field).borderTopColor), bg), bg);
    if (ratio < 3) failures.push(`border of ${describeEl(field)}: ${ratio.toFixed(2)}:1`);
  }
  expect(failures, failures.join('\n')).to.deep.equal([]);
}

// ---- target size --------------------------------------------------------------------------------

const CONTROLS = 'button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

function controlsOf(host: Element): HTMLElement[] {
  return [...host.shadowRoot!.querySelectorAll<HTMLElement>(CONTROLS)].filter(rendered);
}

/** WCAG 2.5.8: every interactive control at least 24 × 24 CSS px. */
function expectTargetSize(host: Element): void {
  const controls = controlsOf(host);
  expect(controls.length > 0, 'controls to measure').to.equal(true);
  const small = controls
    .map((c) => ({ c, r: c.getBoundingClientRect() }))
    .filter(({ r }) => r.width < 24 || r.height < 24)
    .map(({ c, r }) => `${describeEl(c)}: ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
  expect(small, small.join('\n')).to.deep.equal([]);
}

// ---- states -------------------------------------------------------------------------------------

interface Look {
  dark: boolean;
  scheme: 'yellow' | 'black';
  language: 'pl' | 'en';
  size?: string;
}

const never = () => new Promise<never>(() => {});
const dataUrl =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const q = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const link = (count = 3) => session.update({ linked: true, maskedPhoneNumber: '60*****00', count });
/** The page a dark widget sits on is dark (that is what `dark` is for); a light one, white. */
const pageBackground = (look: Look) => (look.dark ? '#121212' : '#ffffff');

async function page(look: Look, inner: ReturnType<typeof html>): Promise<HTMLElement> {
  return fixture<HTMLElement>(html`<div style="padding: 8px; background: ${pageBackground(look)}">${inner}</div>`);
}

async function makeButton(look: Look, attrs: { productId?: string } = { productId: 'p1' }): Promise<InpostPayButton> {
  const wrap = await page(
    look,
    html`<inpost-pay-button
      product-id=${attrs.productId ?? ''}
      language=${look.language}
      scheme=${look.scheme}
      size=${look.size ?? 'md'}
      ?dark=${look.dark}
    ></inpost-pay-button>`,
  );
  const el = wrap.querySelector<InpostPayButton>('inpost-pay-button')!;
  await el.updateComplete;
  return el;
}

async function pressButton(el: InpostPayButton): Promise<void> {
  q<HTMLButtonElement>(el, 'button')!.click();
  await el.updateComplete;
}

async function makeBasket(look: Look): Promise<InpostPayBasket> {
  const wrap = await page(
    look,
    html`<inpost-pay-basket language=${look.language} scheme=${look.scheme} ?dark=${look.dark}></inpost-pay-basket>`,
  );
  const el = wrap.querySelector<InpostPayBasket>('inpost-pay-basket')!;
  await el.updateComplete;
  return el;
}

async function typePhone(el: InpostPayBasket, number: string): Promise<void> {
  const input = q<HTMLInputElement>(el, '#phone')!;
  input.value = number;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
}

async function submitPhone(el: InpostPayBasket, number = '600100200'): Promise<void> {
  await typePhone(el, number);
  q<HTMLFormElement>(el, 'form')!.requestSubmit();
  await el.updateComplete;
}

const alertText = (el: Element) => [...el.shadowRoot!.querySelectorAll('.screen [role="alert"]')].map((a) => a.textContent!.trim()).join('');
/** The rebind confirmation, shown in place of the bound basket's screen. */
const rebindScreen = (el: Element) => q<HTMLFormElement>(el, '.screen')!;
const rebindShown = (el: Element) => Boolean(q(el, '.screen > .actions.equal'));

async function openRebind(el: InpostPayBasket): Promise<void> {
  q<HTMLButtonElement>(el, '#rebind')!.click();
  await until(() => rebindShown(el), 'the rebind popup');
}

/** Every state the audit covers; each returns the element to audit, in the state. */
const buttonStates: Record<string, (look: Look) => Promise<Element>> = {
  'button idle': (look) => makeButton(look),
  'button pending': async (look) => {
    configure({ iziCanBeBound: never });
    const el = await makeButton(look);
    await pressButton(el);
    expect(q(el, '.spinner'), 'the spinner').to.exist;
    return el;
  },
  'button hint (not bindable)': async (look) => {
    configure({ iziCanBeBound: () => false });
    const el = await makeButton(look);
    await pressButton(el);
    await until(() => q(el, '[part="message"]'), 'the hint');
    return el;
  },
  'button error': async (look) => {
    configure({ iziCanBeBound: () => Promise.reject(new Error('503')) });
    const el = await makeButton(look);
    await pressButton(el);
    await until(() => q(el, '.message.error'), 'the error');
    return el;
  },
  'button linked with count': async (look) => {
    link(12);
    const el = await makeButton(look);
    expect(q(el, '[part="count"]')!.textContent!.trim()).to.equal('12');
    return el;
  },
};

const basketStates: Record<string, (look: Look) => Promise<Element>> = {
  'masked-phone screen (inline)': async (look) => {
    link();
    const el = await makeBasket(look);
    expect(q(el, '[part="masked-phone"]')).to.exist;
    return el;
  },
  'masked-phone screen (modal)': async (look) => {
    link();
    const opener = await makeButton(look);
    openScreen('basket', opener);
    await until(() => modal()?.open, 'the modal');
    await modal()!.updateComplete;
    return modal()!;
  },
  'rebind popup': async (look) => {
    link();
    const el = await makeBasket(look);
    await openRebind(el);
    return el;
  },
  'rebind popup pending': async (look) => {
    link();
    configure({ iziBindingDelete: never });
    const el = await makeBasket(look);
    await openRebind(el);
    rebindScreen(el).querySelector<HTMLButtonElement>('[part~="primary-action"]')!.click();
    await el.updateComplete;
    expect(rebindScreen(el).querySelector('.spinner'), 'the spinner').to.exist;
    return el;
  },
  'rebind popup failed': async (look) => {
    link();
    configure({ iziBindingDelete: () => Promise.reject(new Error('503')) });
    const el = await makeBasket(look);
    await openRebind(el);
    rebindScreen(el).querySelector<HTMLButtonElement>('[part~="primary-action"]')!.click();
    await until(() => rebindScreen(el).querySelector('[role="alert"]')!.textContent!.trim(), 'the failure');
    return el;
  },
  'binding screen (phone form)': (look) => makeBasket(look),
  'binding screen with a field error': async (look) => {
    const el = await makeBasket(look);
    await typePhone(el, '12');
    q(el, '#phone')!.dispatchEvent(new Event('blur'));
    await el.updateComplete;
    expect(q(el, '#phone-error'), 'the field error').to.exist;
    return el;
  },
  'waiting screen': async (look) => {
    configure({ iziGetPayData: () => [], iziGetIsBound: never });
    const el = await makeBasket(look);
    await submitPhone(el);
    await until(() => q(el, '.screen .waiting'), 'the waiting screen');
    return el;
  },
  'declined screen': async (look) => {
    configure({ iziGetPayData: () => [], iziGetIsBound: () => Promise.reject({ status: 'REJECT' }) });
    const el = await makeBasket(look);
    await submitPhone(el);
    await until(() => alertText(el), 'the declined message');
    return el;
  },
  'QR screen': async (look) => {
    configure({ iziGetPayData: (prefix: string) => (prefix ? [] : { qr_code: dataUrl }), iziGetIsBound: never });
    const el = await makeBasket(look);
    q<HTMLButtonElement>(el, 'button.link')!.click();
    await until(() => q(el, 'img[part="qr"]'), 'the QR code');
    await el.updateComplete;
    return el;
  },
};

const allStates = { ...buttonStates, ...basketStates };

const looks: Look[] = [];
for (const dark of [false, true])
  for (const scheme of ['yellow', 'black'] as const)
    for (const language of ['pl', 'en'] as const) looks.push({ dark, scheme, language });
const lookName = (l: Look) => `${l.dark ? 'dark' : 'light'}, ${l.scheme}, ${l.language}${l.size ? `, size ${l.size}` : ''}`;

function cleanUp(): void {
  for (const m of document.querySelectorAll('inpost-pay-basket[modal]')) m.remove();
  resetWidget();
}

/**
 * Tabs through the widget as a keyboard user does and hands each control that takes focus to
 * `check` while it has it; stops when focus leaves the widget or comes back round.
 */
async function tabThrough(host: Element, check: (control: HTMLElement) => void, max = 15): Promise<HTMLElement[]> {
  const reached: HTMLElement[] = [];
  for (let i = 0; i < max; i++) {
    await sendKeys({ press: 'Tab' });
    const active = deepActive();
    if (!(active instanceof HTMLElement) || active.getRootNode() !== host.shadowRoot) {
      if (reached.length) break;
      continue;
    }
    if (reached.includes(active)) break;
    reached.push(active);
    check(active);
  }
  return reached;
}

// ---- the audit ----------------------------------------------------------------------------------

describe('WCAG 2.2 AA audit', function () {
  this.timeout(20000);
  before(() => document.documentElement.removeAttribute('lang'));
  afterEach(cleanUp);

  describe('axe (WCAG 2.0-2.2 A/AA rules), contrast and target size in every state', () => {
    for (const [state, make] of Object.entries(allStates)) {
      for (const look of looks) {
        it(`${state} (${lookName(look)})`, async () => {
          const el = await make(look);
          await expectAxeClean(el);
          expectContrast(el);
          expectTargetSize(el);
        });
      }
    }
  });

  describe('target size of the button in every size', () => {
    for (const size of ['xs', 'sm', 'md', 'lg', 'xl']) {
      for (const [state, make] of Object.entries(buttonStates)) {
        it(`${state}, size ${size}`, async () => {
          const el = await make({ dark: false, scheme: 'yellow', language: 'pl', size });
          expectTargetSize(el);
          const r = q(el, 'button')!.getBoundingClientRect();
          expect(r.height).to.be.at.least({ xs: 32, sm: 40, md: 48, lg: 56, xl: 64 }[size]!);
        });
      }
    }
  });

  describe('the contrast helper', () => {
    it('measures the WCAG ratios it relies on', () => {
      expect(contrast([0, 0, 0, 1], [255, 255, 255, 1])).to.be.closeTo(21, 0.01);
      expect(contrast([119, 119, 119, 1], [255, 255, 255, 1])).to.be.closeTo(4.48, 0.01);
      expect(parseColor('rgba(0, 0, 0, 0)')[3]).to.equal(0);
    });

    it('catches low-contrast text set by a shop through the custom properties', async () => {
      const el = await fixture<InpostPayBasket>(
        html`<inpost-pay-basket style="--inpost-pay-text: #aaaaaa; --inpost-pay-muted: #bbbbbb"></inpost-pay-basket>`,
      );
      await el.updateComplete;
      expect(() => expectContrast(el)).to.throw(/:1/);
    });
  });

  describe('reflow: 320 px wide and 200 % zoom', () => {
    afterEach(async () => {
      document.documentElement.style.removeProperty('zoom');
      document.documentElement.style.removeProperty('font-size');
      await setViewport({ width: 800, height: 600 });
    });

    /** No horizontal overflow of the screen, the dialogs, nor any text box beyond the container. */
    function expectNoOverflow(host: Element, container: Element): void {
      const problems: string[] = [];
      const boxes = [...host.shadowRoot!.querySelectorAll<HTMLElement>('.screen, dialog, .dialog-body, button, .message')].filter(rendered);
      for (const box of boxes) {
        if (box.scrollWidth > box.clientWidth + 1) problems.push(`${describeEl(box)} scrolls: ${box.scrollWidth} > ${box.clientWidth}`);
      }
      const limit = container.getBoundingClientRect();
      const dialogs = [...host.shadowRoot!.querySelectorAll('dialog')].filter((d) => d.open);
      for (const el of textElements(host)) {
        const r = extentOf(el);
        const inDialog = dialogs.some((d) => d.contains(el));
        // A dialog lives in the top layer: it must fit the viewport instead of the container.
        const [left, right] = inDialog ? [0, document.documentElement.clientWidth] : [limit.left, limit.right];
        if (r.left < left - 1 || r.right > right + 1) problems.push(`${describeEl(el)} is cut: ${r.left.toFixed(0)}..${r.right.toFixed(0)} outside ${left.toFixed(0)}..${right.toFixed(0)}`);
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') problems.push(`${describeEl(el)} clips its text`);
      }
      for (const d of dialogs) {
        const r = d.getBoundingClientRect();
        if (r.left < 0 || r.right > document.documentElement.clientWidth + 1) problems.push(`dialog.${d.className} exceeds the viewport`);
      }
      expect(problems, problems.join('\n')).to.deep.equal([]);
    }

    const modes: Record<string, () => Promise<void>> = {
      '320 px viewport': () => setViewport({ width: 320, height: 640 }),
      '200 % zoom of a 640 px window (320 CSS px)': async () => {
        await setViewport({ width: 640, height: 900 });
        document.documentElement.style.setProperty('zoom', '2');
      },
      '320 px viewport, page text at 200 %': async () => {
        await setViewport({ width: 320, height: 900 });
        document.documentElement.style.fontSize = '200%';
      },
    };

    for (const [mode, apply] of Object.entries(modes)) {
      for (const [state, make] of Object.entries(allStates)) {
        it(`${state}: ${mode}`, async () => {
          await apply();
          const el = await make({ dark: false, scheme: 'yellow', language: 'pl' });
          const container = el.closest('div') ?? document.body;
          (container as HTMLElement).style.maxWidth = '320px';
          await new Promise((r) => requestAnimationFrame(r));
          expectNoOverflow(el, container);
        });
      }
    }
  });

  describe('reduced motion', () => {
    afterEach(() => emulateMedia({ reducedMotion: 'no-preference' }));

    const spinners: Record<string, () => Promise<HTMLElement[]>> = {
      'the pending button': async () => {
        const el = await buttonStates['button pending']({ dark: false, scheme: 'yellow', language: 'pl' });
        return [q(el, '.spinner')!];
      },
      'the waiting screen': async () => {
        const el = await basketStates['waiting screen']({ dark: false, scheme: 'yellow', language: 'pl' });
        return [...el.shadowRoot!.querySelectorAll<HTMLElement>('.spinner')];
      },
    };

    for (const [what, make] of Object.entries(spinners)) {
      it(`${what}: the spinner does not move with prefers-reduced-motion: reduce`, async () => {
        await emulateMedia({ reducedMotion: 'reduce' });
        const found = await make();
        expect(found.length).to.be.greaterThan(0);
        for (const spinner of found) {
          expect(getComputedStyle(spinner).animationName).to.equal('none');
          expect(spinner.getAnimations()).to.have.length(0);
        }
      });

      it(`${what}: the spinner turns with no preference`, async () => {
        await emulateMedia({ reducedMotion: 'no-preference' });
        const found = await make();
        expect(found.length).to.be.greaterThan(0);
        for (const spinner of found) {
          expect(getComputedStyle(spinner).animationName).not.to.equal('none');
          expect(spinner.getAnimations().length).to.be.greaterThan(0);
        }
      });
    }
  });

  describe('visible keyboard focus', () => {
    for (const [state, make] of Object.entries(allStates)) {
      for (const dark of [false, true]) {
        for (const scheme of ['yellow', 'black'] as const) {
          const look: Look = { dark, scheme, language: 'en' };
          it(`${state} (${lookName(look)}): every control shows a focus ring of ≥ 2 px and ≥ 3:1`, async () => {
            const el = await make(look);
            const inDialog = [...el.shadowRoot!.querySelectorAll('dialog')].some((d) => d.open);
            if (!inDialog) {
              // Start from a control just before the widget, as a keyboard user arrives.
              const before = document.createElement('button');
              before.textContent = 'before';
              el.before(before);
              before.focus();
            }
            const problems: string[] = [];
            const reached = await tabThrough(el, (control) => {
              const style = getComputedStyle(control);
              const width = parseFloat(style.outlineWidth);
              if (!control.matches(':focus-visible')) problems.push(`${describeEl(control)} is not :focus-visible`);
              if (style.outlineStyle === 'none' || !(width >= 2)) problems.push(`${describeEl(control)}: outline ${style.outlineStyle} ${style.outlineWidth}`);
              // The ring sits outside the control (outline-offset), on the background around it.
              const around = effectiveBackground(parentOf(control));
              const ratio = contrast(over(parseColor(style.outlineColor), around), around);
              if (ratio < 3) problems.push(`${describeEl(control)}: focus ring ${style.outlineColor} is ${ratio.toFixed(2)}:1 against ${around.slice(0, 3).map(Math.round)}`);
            });
            const expected = controlsOf(el).filter((c) => !c.closest('dialog:not([open])'));
            expect(reached.length > 0, 'the keyboard reaches the widget').to.equal(true);
            if (!inDialog) expect(reached.map(describeEl), 'every control is reachable').to.deep.equal(expected.map(describeEl));
            expect(problems, problems.join('\n')).to.deep.equal([]);
          });
        }
      }
    }
  });
});
