// The documentation site (VitePress). `npm run docs` prepares the generated parts
// (scripts/docs-prepare.mjs) and builds it into docs/.vitepress/dist; `npm run docs:dev` serves it.
// VitePress fails the build on a dead internal link: that stays on (no `ignoreDeadLinks`).
import { defineConfig } from 'vitepress';

const isWidgetTag = (tag: string) => tag.startsWith('inpost-pay-') || tag.startsWith('inpost-izi-');

export default defineConfig({
  title: 'inpost-pay-widget',
  description: 'Web components for InPost Pay, and a Node kit for the shop’s backend.',
  lang: 'en',
  cleanUrls: true,
  // Snippet files are included into pages, never pages themselves.
  srcExclude: ['snippets/**', 'README.md'],
  vue: {
    // The live elements on the pages are the real custom elements, not Vue components.
    template: { compilerOptions: { isCustomElement: isWidgetTag } },
  },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Merchant side', link: '/merchant/' },
      { text: 'API reference', link: '/api/' },
      { text: 'Changelog', link: '/changelog' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Getting started', link: '/guide/getting-started' },
          { text: 'The elements', link: '/guide/elements' },
          { text: 'Callbacks and events', link: '/guide/callbacks' },
          { text: 'Changes made in the app', link: '/guide/app-changes' },
          { text: 'Theming', link: '/guide/theming' },
          { text: 'Frameworks: React, Vue, Next.js', link: '/guide/frameworks' },
          { text: 'TypeScript and editors', link: '/guide/typescript' },
          { text: 'The widget’s endpoint', link: '/widget-endpoint' },
          { text: 'Moving from InPost’s first widget', link: '/guide/first-widget' },
          { text: 'Add InPost Pay to a Node shop', link: '/guide/node-shop' },
        ],
      },
      {
        text: 'Merchant side (Node)',
        items: [
          { text: 'Overview', link: '/merchant/' },
          { text: 'Calling InPost Pay: the client', link: '/merchant/client' },
          { text: 'The endpoints InPost calls', link: '/merchant/endpoints' },
          { text: 'The widget’s endpoints', link: '/merchant/widget-api' },
          { text: 'Several instances', link: '/merchant/instances' },
        ],
      },
      {
        text: 'Running it',
        items: [
          { text: 'Going live', link: '/going-live' },
          { text: 'Troubleshooting', link: '/troubleshooting' },
          { text: 'Sandbox and phone simulator (QA)', link: '/sandbox' },
          { text: 'Security', link: '/security' },
          { text: 'Accessibility', link: '/accessibility' },
          { text: 'Performance', link: '/performance' },
          { text: 'Visual tests', link: '/visual-tests' },
        ],
      },
      {
        text: 'API reference (generated)',
        items: [
          { text: 'Overview', link: '/api/' },
          { text: 'Elements', link: '/api/elements' },
          { text: 'inpost-pay-widget/merchant', link: '/api/merchant/index/' },
          { text: 'inpost-pay-widget/merchant/redis', link: '/api/merchant/redis' },
          { text: 'inpost-pay-widget/merchant/testing', link: '/api/merchant/testing' },
        ],
      },
      { text: 'Changelog', link: '/changelog' },
    ],
    search: { provider: 'local' },
    outline: [2, 3],
  },
});
