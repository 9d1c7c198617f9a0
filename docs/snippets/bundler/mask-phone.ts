import { maskPhone } from 'inpost-pay-widget/helpers';

export const shown = maskPhone('600100200'); // '60*****00', as the widget shows it
