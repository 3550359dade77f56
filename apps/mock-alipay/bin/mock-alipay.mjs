#!/usr/bin/env node
// Runs the built CLI (`pnpm build` first when working from a clone).
import { main } from '../dist/cli.mjs'

await main(process.argv.slice(2))
