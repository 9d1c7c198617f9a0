import { createApp } from 'vue';
import 'inpost-pay-widget/define';
import './shop';
import App from './App.vue';

createApp(App).mount('#app');
