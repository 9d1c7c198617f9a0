// Leak instrumentation (plain JavaScript, an init script that runs before any page script):
// live timers, open WebSockets and BroadcastChannels, net listeners on window and document.
// window.__leaks() reports what is alive right now.
(() => {
  const timers = new Map(); // id -> { kind, delay, stack }
  const stackOf = () => (new Error().stack || '').split('\n').slice(3, 7).map((l) => l.trim()).join(' < ');

  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = window;
  window.setTimeout = function (fn, delay, ...args) {
    const id = st.call(window, function () {
      timers.delete(id);
      return typeof fn === 'function' ? fn.apply(this, arguments) : undefined;
    }, delay, ...args);
    timers.set(id, { kind: 'setTimeout', delay: Number(delay) || 0, stack: stackOf() });
    return id;
  };
  window.setInterval = function (fn, delay, ...args) {
    const id = si.call(window, fn, delay, ...args);
    timers.set(id, { kind: 'setInterval', delay: Number(delay) || 0, stack: stackOf() });
    return id;
  };
  window.clearTimeout = function (id) {
    timers.delete(id);
    return ct.call(window, id);
  };
  window.clearInterval = function (id) {
    timers.delete(id);
    return ci.call(window, id);
  };

  // WebSockets still connecting or open (close() not called, or not yet acted on), and how many were made.
  const sockets = new Set();
  let socketsOpened = 0;
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      socketsOpened++;
      sockets.add(this);
      this.addEventListener('close', () => sockets.delete(this));
    }
  };
  const channels = new Set();
  let channelsOpened = 0;
  const NativeChannel = window.BroadcastChannel;
  window.BroadcastChannel = class extends NativeChannel {
    constructor(...args) {
      super(...args);
      channelsOpened++;
      channels.add(this);
    }
    close() {
      channels.delete(this);
      return super.close();
    }
  };

  // Net listeners on window and document, counted the way the DOM dedupes them: (type, listener, capture).
  const listeners = new Map([
    [window, new Map()],
    [document, new Map()],
  ]);
  const capture = (options) => Boolean(typeof options === 'object' && options !== null ? options.capture : options);
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    const target = this == null ? window : this;
    const seen = listeners.get(target);
    if (seen && listener) {
      const key = `${type}|${capture(options)}`;
      if (!seen.has(listener)) seen.set(listener, new Set());
      seen.get(listener).add(key);
    }
    return add.call(target, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    const target = this == null ? window : this;
    const seen = listeners.get(target);
    if (seen && listener && seen.has(listener)) {
      const keys = seen.get(listener);
      keys.delete(`${type}|${capture(options)}`);
      if (keys.size === 0) seen.delete(listener);
    }
    return remove.call(target, type, listener, options);
  };
  const count = (seen) => [...seen.values()].reduce((sum, keys) => sum + keys.size, 0);
  const types = (seen) => [...seen.values()].flatMap((keys) => [...keys]).sort();

  window.__leaks = () => ({
    timers: [...timers.values()],
    sockets: [...sockets].filter((s) => s.readyState < NativeSocket.CLOSING).length,
    socketsOpened,
    channels: channels.size,
    channelsOpened,
    windowListeners: count(listeners.get(window)),
    documentListeners: count(listeners.get(document)),
    listenerTypes: [...types(listeners.get(window)).map((t) => `window:${t}`), ...types(listeners.get(document)).map((t) => `document:${t}`)],
  });
})();
