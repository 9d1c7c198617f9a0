// Fails when the widget's modules import each other in a cycle (type-only imports count too: a
// cycle of types still means two modules that cannot be understood one without the other).
// `node scripts/check-cycles.mjs [dir]` checks src/ by default; it prints each cycle it finds.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'src');

/** Every .ts file under `dir`. */
const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });

/** The relative imports and re-exports of a module, as absolute .ts paths. */
function importsOf(file) {
  const code = readFileSync(file, 'utf8');
  const specifiers = [...code.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"](\.[^'"]+)['"]|^\s*import\s*['"](\.[^'"]+)['"]/gm)];
  return specifiers.map((m) => resolve(dirname(file), (m[1] ?? m[2]).replace(/\.js$/, '.ts')));
}

const graph = new Map(files(root).map((file) => [file, importsOf(file).filter((target) => target.startsWith(root))]));
const cycles = [];
const state = new Map(); // file → 'visiting' | 'done'
const stack = [];
function visit(file) {
  state.set(file, 'visiting');
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next]);
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

const name = (file) => relative(process.cwd(), file);
if (cycles.length) {
  for (const cycle of cycles) console.error(`import cycle: ${cycle.map(name).join(' → ')}`);
  process.exit(1);
}
console.log(`No import cycles among the ${graph.size} modules of ${name(root)}.`);
