// The custom-elements manifest is generated from the elements' JSDoc (`npm run analyze`), and from
// the manifest the editor and framework typings in types/: React JSX types, Vue `GlobalComponents`
// types, VS Code custom data and JetBrains web-types. All of it is committed and shipped; the test
// run fails when any of it no longer matches the code (scripts/check-manifest.mjs).
import { readFileSync, writeFileSync } from 'node:fs';
import { generateJsxTypes } from '@wc-toolkit/jsx-types';
import { customElementJetBrainsPlugin } from 'custom-element-jet-brains-integration';
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';

// Both are relative to the working directory; the check writes into a scratch directory instead.
const outdir = process.env.CEM_OUTDIR ?? '.';
const typesOutdir = `${outdir}/types`;

/** Where the published package exports the element classes from, and where it registers them. */
const CLASSES_MODULE = 'dist/index.js';
const DEFINE_MODULE = 'dist/define.js';
/** Lit's own fields and lifecycle, which every Lit element has and no page sets. */
const LIT_STATICS = new Set(['styles', 'properties', 'shadowRootOptions']);

/**
 * The analyzer describes the source tree: every module of src/, helper functions, the base class
 * as a custom element without a tag, the tag parameter of `define()` as a definition, private
 * members. A shop reads the manifest (and the typings made from it) to learn the package, so this
 * keeps what the package offers: the tagged elements, exported from the module that ships them,
 * with their public members only and a definition for each tag.
 */
function publishedElementsOnly() {
  return {
    name: 'published-elements-only',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const elements = manifest.modules
        .flatMap((mod) => mod.declarations ?? [])
        .filter((declaration) => declaration.customElement && declaration.tagName)
        .sort((a, b) => (a.tagName < b.tagName ? -1 : 1));
      if (!elements.length) throw new Error('published-elements-only: no element with a @tag found');
      for (const element of elements) {
        element.members = (element.members ?? []).filter(
          (member) =>
            !member.name.startsWith('#') &&
            member.privacy !== 'private' &&
            member.privacy !== 'protected' &&
            !(member.static && member.kind === 'field' && LIT_STATICS.has(member.name)),
        );
        // The base class is not published on its own: its members belong to each element.
        for (const item of [...element.members, ...(element.attributes ?? []), ...(element.events ?? [])]) delete item.inheritedFrom;
        element.superclass = { name: 'LitElement', package: 'lit' };
        for (const event of element.events ?? []) {
          // Without a type the generated typings give `CustomEvent<never>`: every @fires names its event's type.
          if (!event.type?.text) throw new Error(`published-elements-only: @fires ${event.name} of <${element.tagName}> has no {type}`);
        }
      }
      manifest.modules = [
        {
          kind: 'javascript-module',
          path: CLASSES_MODULE,
          declarations: elements,
          exports: elements.map((element) => ({ kind: 'js', name: element.name, declaration: { name: element.name, module: CLASSES_MODULE } })),
        },
        {
          kind: 'javascript-module',
          path: DEFINE_MODULE,
          declarations: [],
          exports: elements.map((element) => ({
            kind: 'custom-element-definition',
            name: element.tagName,
            declaration: { name: element.name, module: CLASSES_MODULE },
          })),
        },
      ];
    },
  };
}

/**
 * Events the widget dispatches on `document` only (their description starts so): an `on<event>`
 * prop on the element would never be called, so the framework typings leave them out. They stay
 * in the manifest, the API reference page and the editor data, and are typed in `DocumentEventMap`.
 */
function withoutDocumentEvents(manifest) {
  for (const element of manifest.modules.flatMap((mod) => mod.declarations ?? [])) {
    element.events = element.events?.filter((event) => !/^On `document`/.test(event.description ?? ''));
  }
  return manifest;
}

/** React 19 JSX types (attributes, properties, typed `on<event>` props) from the elements' events. */
function reactTypes(options) {
  return {
    name: 'react-types',
    packageLinkPhase({ customElementsManifest }) {
      generateJsxTypes(withoutDocumentEvents(structuredClone(customElementsManifest)), options);
    },
  };
}

/**
 * The Vue generator reads an event's type as its `detail` (it writes `CustomEvent<type>`) and names
 * the listener prop `on` + the event name, and props by attribute name; vue-tsc checks a template's
 * `product-id` as the prop `productId` and `@inpost-pay-open` as `onInpostPayOpen`. It gets a copy
 * of the manifest that speaks its dialect: details unwrapped, attribute and listener names in Vue's
 * camel case, the event's real name kept at the start of its description.
 */
function vueTypes(options) {
  const camel = (name) => name.replace(/(^|-)([a-z])/g, (_, __, letter) => letter.toUpperCase());
  return {
    name: 'vue-types',
    packageLinkPhase({ customElementsManifest }) {
      const manifest = withoutDocumentEvents(structuredClone(customElementsManifest));
      for (const element of manifest.modules.flatMap((mod) => mod.declarations ?? [])) {
        for (const attribute of element.attributes ?? []) attribute.name = camel(attribute.name).replace(/^./, (letter) => letter.toLowerCase());
        for (const event of element.events ?? []) {
          event.type.text = event.type.text.replace(/^CustomEvent<(.+)>$/, '$1');
          event.description = `\`@${event.name}\`: ${event.description ?? ''}`;
          event.name = camel(event.name);
        }
      }
      generateVuejsTypes(manifest, options);
      // It imports each element's event types separately, in one list: a type two elements share
      // would be imported twice (TS2300), so the list keeps each name once.
      const file = `${options.outdir}/${options.fileName}`;
      const seen = new Set();
      const text = readFileSync(file, 'utf8').replace(/^import type \{([^}]*)\} from "inpost-pay-widget";/m, (_, names) => {
        const unique = names.split(',').map((name) => name.trim()).filter((name) => name && !seen.has(name) && seen.add(name));
        return `import type {\n${unique.map((name) => `  ${name},\n`).join('')}} from "inpost-pay-widget";`;
      });
      writeFileSync(file, text);
    },
  };
}

const hideLogs = true;
// Editors link each tag to its section of the generated API reference (docs/api/elements.md).
const { homepage } = JSON.parse(readFileSync('package.json', 'utf8'));
const docs = (tag) => ({ name: 'API reference', url: `${homepage.replace(/#.*$/, '')}/blob/main/docs/api/elements.md#${tag}` });

export default {
  globs: ['src/**/*.ts'],
  // src/compat/: the first InPost widget's markup, documented in the mapping table of docs/guide/first-widget.md, not a third element.
  exclude: ['src/**/*.test.ts', 'src/env.d.ts', 'src/merchant/**', 'src/compat/**'],
  outdir,
  litelement: true,
  packagejson: false,
  plugins: [
    // First: the generators below read the manifest this one cleaned.
    publishedElementsOnly(),
    reactTypes({
      outdir: typesOutdir,
      fileName: 'react.d.ts',
      globalTypePath: 'inpost-pay-widget',
      stronglyTypedEvents: true,
      hideLogs,
    }),
    vueTypes({ outdir: typesOutdir, fileName: 'vue.d.ts', globalTypePath: 'inpost-pay-widget', hideLogs }),
    customElementVsCodePlugin({
      outdir: typesOutdir,
      htmlFileName: 'vscode.html-data.json',
      cssFileName: 'vscode.css-data.json',
      referencesTemplate: (_name, tag) => [docs(tag)],
      hideLogs,
    }),
    customElementJetBrainsPlugin({
      outdir: typesOutdir,
      webTypesFileName: 'web-types.json',
      packageJson: false,
      // `referenceTemplate` is the name the generator reads (its README says `referencesTemplate`).
      referenceTemplate: (_name, tag) => docs(tag),
      hideLogs,
    }),
  ],
};
