import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Vue renders the widget's tags as custom elements rather than looking for Vue components.
export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('inpost-pay-') } } })],
});
