// Page-side helpers of the benchmark (plain JavaScript, served to every bench page as
// /bench/helpers.js before the widget loads). Everything hangs off window.__bench.
(() => {
  const calls = [];
  let inflight = 0;
  let maxInflight = 0;
  const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

  window.__bench = {
    /** Every iziGetOrderComplete call: start/end in performance.now(), wall clock for cross-tab timing. */
    calls,
    get maxInflight() {
      return maxInflight;
    },
    /** An iziGetOrderComplete that records its calls and settles after `delay` ms (resolving {} or rejecting). */
    orderComplete({ delay = 20, reject = false } = {}) {
      return () => {
        const call = { start: performance.now(), wall: Date.now(), end: 0 };
        calls.push(call);
        inflight++;
        maxInflight = Math.max(maxInflight, inflight);
        return new Promise((resolve, fail) =>
          setTimeout(() => {
            inflight--;
            call.end = performance.now();
            if (reject) fail(new Error('bench: failing on purpose'));
            else resolve({});
          }, delay),
        );
      };
    },
    frames,

    /**
     * Inserts `n` elements `tag` into the listing at once and times three points: every element's
     * first update done (script), style and layout flushed (layout), two frames later (painted).
     * The marks bench:insert, bench:rendered and bench:painted let the bench read the main
     * thread's CPU time from the first point to the others from a trace.
     */
    async render(tag, n) {
      const list = document.getElementById('list');
      const els = [];
      performance.mark('bench:insert');
      const t0 = performance.now();
      const fragment = document.createDocumentFragment();
      for (let i = 0; i < n; i++) {
        const li = document.createElement('li');
        const name = document.createElement('span');
        name.textContent = `Product ${i}`;
        const el = document.createElement(tag);
        el.setAttribute('product-id', `sku-${i}`);
        li.append(name, el);
        fragment.append(li);
        els.push(el);
      }
      list.append(fragment);
      await Promise.all(els.map((el) => el.updateComplete));
      const t1 = performance.now();
      void document.body.offsetHeight;
      const t2 = performance.now();
      performance.mark('bench:rendered');
      await frames();
      performance.mark('bench:painted');
      const t3 = performance.now();
      const rendered = els.every((el) => el.shadowRoot && el.shadowRoot.querySelector('button'));
      return { script: t1 - t0, layout: t2 - t0, painted: t3 - t0, rendered };
    },

    /** Pretends the tab went to the background (or came back): the property the widget reads, and the event. */
    setHidden(hidden) {
      const state = hidden ? 'hidden' : 'visible';
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
      const at = performance.now();
      document.dispatchEvent(new Event('visibilitychange'));
      return at;
    },

    /** The trimmed text of the first <inpost-pay-button>'s native button. */
    buttonText() {
      const el = document.querySelector('inpost-pay-button');
      const button = el && el.shadowRoot && el.shadowRoot.querySelector('button');
      return button ? button.textContent.replace(/\s+/g, ' ').trim() : '';
    },

    /**
     * `cycles` times: create the elements of `tags` (with `attrs`), connect them, wait for their
     * first update and, with `waitFor`, for the order watch to act: `call` (its next
     * iziGetOrderComplete call) or `socket` (its WebSocket made; needs instrument.js); then remove them.
     */
    async cycle(cycles, tags, attrs = {}, waitFor = '') {
      const host = document.getElementById('host');
      const counter = waitFor === 'call' ? () => calls.length : waitFor === 'socket' ? () => window.__leaks().socketsOpened : undefined;
      let waitedOut = 0;
      for (let i = 0; i < cycles; i++) {
        const before = counter && counter();
        const els = tags.map((tag) => {
          const el = document.createElement(tag);
          for (const [name, value] of Object.entries(attrs[tag] || {})) el.setAttribute(name, value);
          return el;
        });
        host.append(...els);
        await Promise.all(els.map((el) => el.updateComplete));
        if (counter) {
          const until = performance.now() + 200;
          while (counter() === before && performance.now() < until) await new Promise((r) => setTimeout(r, 0));
          if (counter() === before) waitedOut++;
          // Let the answer arrive so the watch goes to sleep on its timer.
          await new Promise((r) => setTimeout(r, 0));
        }
        for (const el of els) el.remove();
      }
      return { waitedOut };
    },
  };
})();
