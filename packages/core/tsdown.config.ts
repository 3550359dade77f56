import { defineConfig } from 'tsdown'
import { publishedPackage } from '../../tsdown.shared.js'

export default defineConfig({
  ...publishedPackage,
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
  outputOptions: {
    // Bundler helpers (__toESM…) get a chunk of their own: otherwise the CJS index exports them
    // to users, and requiring ./redis loads the whole index just to reach them.
    codeSplitting: { groups: [{ name: 'rolldown-runtime', test: /rolldown.runtime/ }] },
  },
})
