/** One line of `pnpm bench --json` (docs/architecture.md "Benchmarks"). */
export interface BenchResult {
  bench: string
  case: string
  value: number
  unit: string
  /** What `value` is compared with, measured in the same run. */
  baseline: string
  baseline_value: number
  /** `value / baseline_value`: comparable across machines. */
  ratio: number
}
