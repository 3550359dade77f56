import { defineConfig } from 'tsdown'

export default defineConfig({
  // One entry per public subpath of package.json "exports".
  entry: {
    index: 'src/index.ts',
    adapter: 'src/adapter/index.ts',
    mysql: 'src/mysql.ts',
    postgres: 'src/postgres.ts',
    redis: 'src/redis.ts',
    signer: 'src/signer/index.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
  // How long declaration generation takes on a loaded machine is no finding about this package:
  // rolldown's PLUGIN_TIMINGS notice would print on every slow build, so it is off.
  checks: { pluginTimings: false },
  outputOptions: {
    // Bundler helpers (__toESM…) get a chunk of their own: otherwise the CJS index exports them
    // to users, and requiring ./redis loads the whole index just to reach them.
    codeSplitting: { groups: [{ name: 'rolldown-runtime', test: /rolldown.runtime/ }] },
  },
})
