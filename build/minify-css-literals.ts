import type { Plugin } from 'vite';
import ts from 'typescript';

/**
 * Minifies what JavaScript minifiers leave untouched inside Lit's template literals:
 * - css`...`: comments go, whitespace folds, and the spaces around braces, semicolons, commas and
 *   after colons go.
 * - html`...`: every run of whitespace that spans a line break becomes one space. HTML renders
 *   such a run as one space anyway, and the indentation of our templates is a large share of the
 *   basket's bytes. Runs without a line break are left alone, so no meaningful space is lost.
 * Interpolations (`${...}`) are left as they are; nested templates inside them are minified too.
 */
export function minifyCssLiterals(): Plugin {
  return {
    name: 'minify-css-literals',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/(css|html)`/.test(code)) return null;
      return { code: minifyLiterals(code), map: null };
    },
  };
}

/** Rewrites the text of every css`` and html`` literal in a TypeScript module. */
export function minifyLiterals(code: string): string {
  const source = ts.createSourceFile('module.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && (node.tag.text === 'css' || node.tag.text === 'html')) {
      const template = node.template;
      const literals = ts.isNoSubstitutionTemplateLiteral(template)
        ? [template]
        : [template.head, ...template.templateSpans.map((span) => span.literal)];
      for (const literal of literals) {
        // The raw text between the delimiters: ` or } before it, ` or ${ after it.
        const opensTemplate = ts.isTemplateHead(literal) || ts.isNoSubstitutionTemplateLiteral(literal);
        const closesTemplate = ts.isTemplateTail(literal) || ts.isNoSubstitutionTemplateLiteral(literal);
        const start = literal.getStart(source) + 1;
        const end = literal.end - (closesTemplate ? 1 : 2);
        const raw = code.slice(start, end);
        // Whitespace next to an interpolation may separate values (`margin: ${a} ${b}`): it folds, it does not go.
        const text = node.tag.text === 'css' ? minifyCss(raw, { trimStart: opensTemplate, trimEnd: closesTemplate }) : minifyHtml(raw);
        edits.push({ start, end, text });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = code;
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, start) + text + out.slice(end);
  return out;
}

function minifyHtml(html: string): string {
  return html.replace(/\s*\n\s*/g, ' ');
}

/**
 * The widget's private custom properties (`--_accent` and so on, set on the host from the public
 * `--inpost-pay-*` ones), renamed to their index here: a button's first render parses its whole
 * stylesheet, and these names are a tenth of it. A name missing from the list keeps its name.
 */
const PRIVATE_PROPERTIES = ['accent', 'on-accent', 'surface', 'text', 'muted', 'error', 'focus', 'radius', 'height', 'font-size'];

function minifyCss(css: string, { trimStart = true, trimEnd = true } = {}): string {
  const folded = css
    .replace(/--_([a-z-]+)/g, (name, key: string) => (PRIVATE_PROPERTIES.includes(key) ? `--_${PRIVATE_PROPERTIES.indexOf(key)}` : name))
    .replace(/\[([a-z-]+)='([a-z-]+)'\]/g, '[$1=$2]')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .replace(/([ :,(])0\./g, '$1.');
  const start = trimStart ? folded.trimStart() : folded;
  return trimEnd ? start.trimEnd() : start;
}
