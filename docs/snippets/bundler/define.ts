import 'inpost-pay-widget/define'; // registers both elements (lit stays a shared dependency)
