# Before the package is on a registry: pack it from a clone (prepack builds dist/ first)…
git clone https://github.com/inpost-pay-widget/inpost-pay-widget.git
cd inpost-pay-widget && npm ci && npm pack   # writes inpost-pay-widget-<version>.tgz
# …and install the tarball in the shop's project (its package.json then names the file):
cd ../my-shop && npm install ../inpost-pay-widget/inpost-pay-widget-0.1.0.tgz
