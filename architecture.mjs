/**
 * The house's one-way structure, enforced by eslint.config.mjs and printed by
 * `npm run graph`.
 *
 * Capability folders of src/ by layer: a folder imports only folders of a
 * lower layer (and itself), so the graph has no cycle and each folder's
 * dependencies can be read off this list. The files directly in src/ (main,
 * the app module and factory, the CLI) wire everything together and are not
 * bound.
 */
export const LAYERS = [
  ['common', 'config'],
  ['database', 'weibo', 'dashboard'],
  ['auth'],
  ['leaders', 'audit', 'observability', 'classification'],
  ['idempotency'],
  ['cases'],
  ['metrics', 'reclassification'],
  ['integrity', 'public-reports'],
  ['appeals', 'polling'],
  ['health'],
];

/**
 * Adapters: files that may reach NestJS, TypeORM, the database, HTTP, the
 * file system, cron, logging or metrics. Every other file of src/ is a pure
 * module (plain inputs and outputs) and imports none of IO_LIBRARIES nor an
 * adapter. An adapter is named for its role, or listed here by path.
 */
export const ADAPTER_SUFFIXES = [
  'controller',
  'service',
  'repository',
  'module',
  'guard',
  'runner',
  'scheduler',
  'decorators',
  'query',
  'entity',
  'filter',
  'interceptor',
  'middleware',
  'pipe',
  'reader',
];
export const ADAPTER_FILES = [
  'src/auth/bootstrap.ts',
  'src/auth/client-request.ts',
  'src/classification/segmenter.ts',
  'src/common/instance-identity.ts',
  'src/common/logger.ts',
  'src/common/pagination.ts',
  'src/common/uuid-param.ts',
  'src/config/app-config.ts',
  'src/dashboard/serve-dashboard.ts',
  'src/observability/http-metrics.ts',
  'src/polling/poll-scheduler.ts',
  'src/observability/prometheus-ops-metrics.ts',
  'src/observability/scrape-gauges.ts',
  'src/public-reports/cacheable.ts',
  'src/weibo/weibo-client.ts',
  'src/weibo/weibo-response.ts',
  'src/database/**',
  'src/**/dto/**',
];
export const IO_LIBRARIES = [
  '@nestjs/*',
  'typeorm',
  'pg',
  '@electric-sql/pglite',
  'axios',
  'express',
  'node-cron',
  'pino',
  'prom-client',
  'nodejieba',
  'fs',
  'node:fs',
  'node:fs/*',
  'fs/*',
  'node:child_process',
  'child_process',
  'node:http',
  'node:https',
  'node:net',
  'node:os',
];

/**
 * The import boundaries of architecture.mjs as no-restricted-imports options,
 * one block per capability folder: its files import no folder of its own layer
 * or above; its pure modules, in addition, no IO library and no adapter.
 */
export function boundaries() {
  const adapterSuffix = `\\.(${ADAPTER_SUFFIXES.join('|')})$`;
  return LAYERS.flatMap((layer, rank) =>
    layer.flatMap((folder) => {
      const uphill = LAYERS.slice(rank)
        .flat()
        .filter((other) => other !== folder);
      const layerPatterns =
        uphill.length === 0
          ? []
          : [
              {
                regex: `^(\\.\\./)+(${uphill.join('|')})(/|$)`,
                message: `${folder}/ may import only folders below it in architecture.mjs: ${uphill.join(', ')} are not.`,
              },
            ];
      const files = [`src/${folder}/**/*.ts`];
      return [
        { files, rules: { 'no-restricted-imports': ['error', { patterns: layerPatterns }] } },
        {
          files,
          ignores: [
            ...ADAPTER_FILES,
            ...ADAPTER_SUFFIXES.map((suffix) => `src/**/*.${suffix}.ts`),
            'src/**/*.spec.ts',
          ],
          rules: {
            'no-restricted-imports': [
              'error',
              {
                patterns: [
                  ...layerPatterns,
                  {
                    group: IO_LIBRARIES,
                    message:
                      'A pure module imports no NestJS, TypeORM or IO library: move the IO into an adapter (architecture.mjs).',
                  },
                  {
                    regex: adapterSuffix,
                    message:
                      'A pure module imports no adapter (service, repository, controller ...): pass what it needs as plain values.',
                  },
                ],
              },
            ],
          },
        },
      ];
    }),
  );
}
