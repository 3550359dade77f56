import { defineConfig } from 'tsdown'
import { publishedPackage } from '../../tsdown.shared.js'

export default defineConfig({
  ...publishedPackage,
  entry: ['src/index.ts'],
  outputOptions: {
    // The plugin is the default export and its error classes are named ones, as Fastify plugins
    // are: CommonJS users read `.default` (or `alipayAuth`). Said here, not guessed by rolldown.
    exports: 'named',
  },
})
