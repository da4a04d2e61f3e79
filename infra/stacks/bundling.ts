// How every function is bundled: one definition for the stack (NodejsFunction, local esbuild)
// and for bench/bundle.ts, so the benchmark measures exactly what is deployed.
import { OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * Some dependencies are CommonJS and call `require` for Node built-ins; an ESM bundle has no
 * `require`, so the banner recreates it (the alias keeps it from clashing with bundled names).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __fundLedgerCreateRequire } from 'node:module'; const require = __fundLedgerCreateRequire(import.meta.url);";

export const BUNDLE_SETTINGS = {
  target: 'node22',
  /** Prefer ESM builds of dependencies so tree-shaking works. */
  mainFields: ['module', 'main'],
  /**
   * The Node.js 22 Lambda runtime ships AWS SDK for JavaScript v3; nothing else is external,
   * so middy, Powertools, zod and jose are bundled (tree-shaken and minified).
   */
  external: ['@aws-sdk/*'],
  minify: true,
  sourcemap: true,
} as const;

/** NodejsFunction bundling options (local esbuild; `forceDockerBundling` stays false). */
export const lambdaBundling = (): BundlingOptions => ({
  format: OutputFormat.ESM,
  target: BUNDLE_SETTINGS.target,
  mainFields: [...BUNDLE_SETTINGS.mainFields],
  externalModules: [...BUNDLE_SETTINGS.external],
  minify: BUNDLE_SETTINGS.minify,
  sourceMap: BUNDLE_SETTINGS.sourcemap,
  sourceMapMode: SourceMapMode.DEFAULT,
  banner: ESM_REQUIRE_BANNER,
  forceDockerBundling: false,
});
