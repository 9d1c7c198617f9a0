// Printed at the end of `npm run build`: the script tag that loads this version's script-tag bundle
// from a CDN that serves the published package, pinned to the version, with the Subresource
// Integrity hash of the file just built, so the browser refuses any other file under that URL.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
for (const file of ['dist/inpost-pay.iife.js', 'dist/inpost-izi.iife.js']) {
  const integrity = `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
  console.log(`${file} ${integrity}`);
  console.log(`<script src="https://cdn.jsdelivr.net/npm/${name}@${version}/${file}" integrity="${integrity}" crossorigin="anonymous" defer></script>`);
}
