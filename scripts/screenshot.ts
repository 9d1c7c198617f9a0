// Takes the README's and the site's screenshot (docs/public/demo-shop.png): the demo shop's product
// page, as `npm run demo` serves it, in Chromium. Run after `npm run build`:
//   node --import tsx scripts/screenshot.ts
import { chromium } from 'playwright';
import { startDemo } from '../dev/demo.js';
// @ts-expect-error: a plain .mjs helper shared with the test configs
import { chromiumArgs, ensureChromium } from './chromium.mjs';

const demo = await startDemo({ shopPort: 0, sandboxPort: 0 });
const browser = await chromium.launch({ executablePath: ensureChromium(), args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 }, deviceScaleFactor: 1 });
  await page.goto(`${demo.shopUrl}/`);
  await page.getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).first().waitFor();
  await page.screenshot({ path: 'docs/public/demo-shop.png' });
  console.log('wrote docs/public/demo-shop.png');
} finally {
  await browser.close();
  await demo.close();
}
