import { defineConfig } from 'tsdown'
import { publishedPackage } from '../../tsdown.shared.js'

export default defineConfig({
  ...publishedPackage,
  // index: engine + startMockAlipay; msw: the msw handlers (optional peer); cli: run by bin/mock-alipay.mjs.
  entry: ['src/index.ts', 'src/msw.ts', 'src/cli.ts'],
})
