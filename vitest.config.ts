import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{packages,apps,tools}/*/test/**/*.test.ts'],
    reporters: ['default', './tools/test-totals-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    typecheck: {
      enabled: true,
      include: ['{packages,apps}/*/test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
})
