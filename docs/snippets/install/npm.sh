# Once the package is on the npm registry:
npm install inpost-pay-widget
