import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{packages,apps,tools}/*/test/**/*.test.ts'],
    reporters: ['default', './tools/test-totals-reporter.ts'],
    // Vitest's own default is one file at a time less than the cores, so a 2-core machine ran
    // every file in turn; the slow files mostly wait (on processes they start, servers,
    // databases), so two run at once even there. Every test makes its own port, directory,
    // database and key prefix, so files never meet.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 20_000,
    hookTimeout: 30_000,
    typecheck: {
      enabled: true,
      include: ['{packages,apps}/*/test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
})
