import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
  // How long declaration generation takes on a loaded machine is no finding about this package:
  // rolldown's PLUGIN_TIMINGS notice would print on every slow build, so it is off.
  checks: { pluginTimings: false },
})
