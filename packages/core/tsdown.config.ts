import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['src/index.ts', 'src/redis.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
  outputOptions: {
    // Bundler helpers (__toESM…) get a chunk of their own: otherwise the CJS index exports them
    // to users, and requiring ./redis loads the whole index just to reach them.
    codeSplitting: { groups: [{ name: 'rolldown-runtime', test: /rolldown.runtime/ }] },
  },
})
