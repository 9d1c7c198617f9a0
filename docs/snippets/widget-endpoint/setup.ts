// The ES entry: one option points every izi… callback and the order watch at the shop's handler.
import { configure } from 'inpost-pay-widget';
import 'inpost-pay-widget/define';

configure({ endpoint: '/inpost-pay' });
