// Finds the Chromium the tests drive. Test tools cannot download browsers on every machine, so the
// tests use an installed Chromium: $CHROMIUM_PATH if set, else a system one, else (as root on
// Debian) Debian's `chromium` package is installed. Run directly, it prints the path it found.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Flags that keep a headless Chromium quiet on a closed network and runnable as root. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The path of the Chromium to use, or undefined when there is none. */
function findChromium() {
  return candidates.find((path) => existsSync(path));
}

/**
 * The Chromium the test runners launch, for their config files: $CHROMIUM_PATH (set by
 * `npm test` from `ensureChromium()`), else an installed one. It installs nothing, so loading a
 * config file never runs apt-get; without a browser it throws the advice `ensureChromium()` prints.
 */
export function chromiumPath() {
  const path = process.env.CHROMIUM_PATH || process.env.CHROME_PATH || findChromium();
  if (!path) throw new Error('No Chromium found: run `npm test` (which finds or installs one) or set CHROMIUM_PATH.');
  return path;
}

/** Finds Chromium, installing Debian's package when run as root on Debian; exits with advice otherwise. */
export function ensureChromium() {
  const fromEnv = process.env.CHROMIUM_PATH || process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    // Installing a Chromium elsewhere would not help: the variable would still point at nothing.
    console.error(`CHROMIUM_PATH (or CHROME_PATH) is ${fromEnv}, which does not exist. Fix it or unset it.`);
    process.exit(1);
  }
  const found = findChromium();
  if (found) return found;
  const root = process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium not found: installing Debian\'s chromium package (about 30 s)...');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    const installed = findChromium();
    if (installed) return installed;
  }
  console.error(
    [
      'No Chromium found for the browser tests. Either:',
      '  - on Debian or Ubuntu: sudo apt-get install -y chromium',
      '  - or point CHROMIUM_PATH at a Chromium or Chrome binary: CHROMIUM_PATH=/path/to/chrome npm test',
    ].join('\n'),
  );
  process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(ensureChromium());
