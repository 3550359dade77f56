import { defineConfig } from 'tsdown'

export default defineConfig({
  // index: engine + startMockAlipay; msw: the msw handlers (optional peer); cli: run by bin/mock-alipay.mjs.
  entry: ['src/index.ts', 'src/msw.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
  // How long declaration generation takes on a loaded machine is no finding about this package:
  // rolldown's PLUGIN_TIMINGS notice would print on every slow build, so it is off.
  checks: { pluginTimings: false },
})
