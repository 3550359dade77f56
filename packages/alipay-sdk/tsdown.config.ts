import { defineConfig } from 'tsdown'
import { publishedPackage } from '../../tsdown.shared.js'

export default defineConfig({
  ...publishedPackage,
  entry: ['src/index.ts'],
})
