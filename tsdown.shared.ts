import type { UserConfig } from 'tsdown'

/** How every published package builds: ESM and CommonJS, each with its types, for Node 20+. */
export const publishedPackage = {
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
  // How long declaration generation takes on a loaded machine is no finding about a package:
  // rolldown's PLUGIN_TIMINGS notice would print on every slow build, so it is off.
  checks: { pluginTimings: false },
} satisfies UserConfig
