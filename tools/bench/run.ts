/**
 * `pnpm bench [name…] [--json]`: runs every `tools/**\/*.bench.ts` (or those whose file name
 * contains one of the names) and prints a table, or with `--json` / `BENCH_JSON=1` one JSON
 * object per line in the shape of docs/architecture.md "Benchmarks".
 */
import { readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BenchResult } from './types.js'

const TOOLS_DIR = fileURLToPath(new URL('../', import.meta.url))
const SUFFIX = '.bench.ts'

interface BenchModule {
  run(): Promise<BenchResult[]>
}

async function main(): Promise<number> {
  const args = process.argv.slice(2)
  const json = args.includes('--json') || process.env.BENCH_JSON === '1'
  const names = args.filter((arg) => !arg.startsWith('--'))
  const files = await findBenchFiles()
  const selected = files.filter(
    (file) => names.length === 0 || names.some((name) => benchName(file).includes(name)),
  )
  if (selected.length === 0) {
    console.error(
      `No benchmark matches ${names.join(', ')}. Known: ${files.map(benchName).join(', ')}`,
    )
    return 1
  }
  const results: BenchResult[] = []
  let failed = false
  for (const file of selected) {
    console.error(`running ${benchName(file)}…`)
    try {
      const module = (await import(pathToFileURL(file).href)) as BenchModule
      const rows = await module.run()
      if (json) for (const row of rows) console.log(toJsonLine(row))
      results.push(...rows)
    } catch (error) {
      failed = true
      console.error(`${benchName(file)} failed:`, error)
    }
  }
  if (!json) console.log(toTable(results))
  return failed ? 1 : 0
}

async function findBenchFiles(): Promise<string[]> {
  const entries = await readdir(TOOLS_DIR, { recursive: true })
  return entries
    .filter((entry) => entry.endsWith(SUFFIX) && !entry.split(/[\\/]/).includes('node_modules'))
    .map((entry) => join(TOOLS_DIR, entry))
    .sort()
}

function benchName(file: string): string {
  return basename(file, SUFFIX)
}

/** The field order and spacing of the line in docs/architecture.md "Benchmarks". */
function toJsonLine(row: BenchResult): string {
  const ordered: [string, string | number][] = [
    ['bench', row.bench],
    ['case', row.case],
    ['value', row.value],
    ['unit', row.unit],
    ['baseline', row.baseline],
    ['baseline_value', row.baseline_value],
    ['ratio', row.ratio],
  ]
  return `{${ordered.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(', ')}}`
}

function toTable(rows: BenchResult[]): string {
  const header = ['bench', 'case', 'value', 'unit', 'baseline', 'baseline value', 'ratio']
  const cells = rows.map((row) => [
    row.bench,
    row.case,
    formatNumber(row.value),
    row.unit,
    row.baseline,
    formatNumber(row.baseline_value),
    `${row.ratio.toFixed(2)}×`,
  ])
  const numeric = new Set([2, 5, 6])
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((c) => c[i]!.length)))
  const line = (values: string[]) =>
    values
      .map((value, i) => (numeric.has(i) ? value.padStart(widths[i]!) : value.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 })
}

process.exitCode = await main()
