import { defineConfig } from 'tsdown'

export default defineConfig({
  // index: engine + startMockAlipay; msw: the msw door (optional peer); cli: run by bin/mock-alipay.mjs.
  entry: ['src/index.ts', 'src/msw.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
})
