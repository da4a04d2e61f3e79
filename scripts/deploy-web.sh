#!/usr/bin/env bash
# Publishes the dashboard to the stack's S3 bucket and refreshes CloudFront:
#   npm run deploy:web -- [stage]        (default dev; needs the AWS CLI and a deployed stack)
# Hashed assets first (cached for a year), then config.json and index.html (never cached), so a
# visitor never gets an index.html naming assets that are not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."
stage="${1:-dev}"
stack="FundLedger-${stage}"
output() { aws cloudformation describe-stacks --stack-name "$stack" --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text; }

npx tsx scripts/build-web.ts
bucket="$(output DashboardBucketName)"
distribution="$(output DashboardDistributionId)"
output DashboardConfig > web/dist/config.json

aws s3 sync web/dist/assets "s3://${bucket}/assets" --cache-control 'public, max-age=31536000, immutable'
aws s3 cp web/dist/config.json "s3://${bucket}/config.json" --cache-control 'no-cache' --content-type application/json
aws s3 cp web/dist/index.html "s3://${bucket}/index.html" --cache-control 'no-cache' --content-type 'text/html; charset=utf-8'
# The pages infra/site-pages.ts maps (/docs, /docs/, /guide, /guide/) also under their own keys, so S3
# serves them where CloudFront has no viewer-request function (the AWS China regions,
# infra/stacks/region-capabilities.ts); elsewhere the function rewrites first and these are never read.
aliases="$(npx tsx -e "import('./infra/site-pages.ts').then(({ SITE_PAGES }) => { for (const [path, page] of Object.entries(SITE_PAGES)) if (path !== '/') console.log(path.slice(1), page); })")"
excludes=()
while read -r key _; do excludes+=(--exclude "$key"); done <<< "$aliases"
aws s3 sync web/dist "s3://${bucket}" --delete --exclude 'assets/*' --exclude config.json --exclude index.html "${excludes[@]}"
while read -r key page; do
  aws s3 cp "web/dist${page}" "s3://${bucket}/${key}" --cache-control 'no-cache' --content-type 'text/html; charset=utf-8'
done <<< "$aliases"
aws cloudfront create-invalidation --distribution-id "$distribution" --paths /index.html /config.json /docs '/docs/*' /guide '/guide/*' >/dev/null
echo "dashboard published: $(output DashboardUrl)"
