// A real WebSocket server on loopback for the order-watch tests. The browser test drives it with
// web-test-runner server commands: `ws-server` {do: 'url' | 'push' | 'close-all' | 'clients'}.
import { WebSocketServer } from 'ws';

export function wsServerPlugin() {
  let wss;
  return {
    name: 'order-watch-ws-server',
    async serverStart() {
      wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      await new Promise((resolve) => wss.once('listening', resolve));
    },
    async serverStop() {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
    executeCommand({ command, payload }) {
      if (command !== 'ws-server') return undefined;
      const open = [...wss.clients].filter((c) => c.readyState === c.OPEN);
      switch (payload?.do) {
        case 'url':
          return `ws://127.0.0.1:${wss.address().port}/orders`;
        case 'clients':
          return open.length;
        case 'push':
          for (const client of open) client.send(payload.message);
          return open.length;
        case 'close-all':
          for (const client of open) client.terminate();
          return open.length;
        default:
          throw new Error(`unknown ws-server command ${JSON.stringify(payload)}`);
      }
    },
  };
}
