import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { fileURLToPath } from 'node:url';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';
import { summaryReporter } from './test/unit/summary-reporter.mjs';
import { widgetApiDouble } from './test/unit/widget-api-double.mjs';
import { wsServerPlugin } from './test/unit/ws-server-plugin.mjs';

// The shop's widget endpoints (a double of createWidgetApi) on the test pages' own origin.
const widgetApi = widgetApiDouble();

export default {
  files: ['test/unit/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: the order watch takes a browser-wide Web Lock, which parallel test pages would share.
  concurrency: 1,
  // A log file or CI gets plain lines, without the progress bar's terminal escapes.
  staticLogging: !process.stdout.isTTY,
  rootDir: fileURLToPath(new URL('.', import.meta.url)),
  middleware: [widgetApi.middleware],
  plugins: [
    wsServerPlugin(),
    widgetApi.plugin,
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
      define: { __VERSION__: '"test"' },
    }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromiumPath(), headless: true, args: chromiumArgs },
    }),
  ],
  testFramework: { config: { timeout: 8000 } },
  filterBrowserLogs: ({ args }) => !String(args[0]).includes('Lit is in dev mode'),
  reporters: [defaultReporter(), summaryReporter('unit')],
};
