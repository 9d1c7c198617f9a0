// The default VitePress theme plus the live elements (WidgetPlayground), usable on every page.
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import WidgetPlayground from './WidgetPlayground.vue';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('WidgetPlayground', WidgetPlayground);
  },
} satisfies Theme;
