/**
 * `turbo run build <filters…>`, quietly: nothing on the terminal when the build passes (turbo's
 * banner, the package count and the "FULL TURBO" summary say nothing to someone who asked for the
 * demo or the tests); turbo's whole output when it fails, and its exit code. Telemetry off.
 * The root scripts `pnpm demo…` and `pnpm test` build through this.
 */
import { spawn } from 'node:child_process'

const turbo = spawn(
  'turbo',
  ['run', 'build', '--output-logs=errors-only', ...process.argv.slice(2)],
  {
    env: {
      ...process.env,
      TURBO_TELEMETRY_DISABLED: '1',
      TURBO_NO_UPDATE_NOTIFIER: '1',
      TURBO_PRINT_VERSION_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
)
const output: Buffer[] = []
turbo.stdout.on('data', (chunk: Buffer) => output.push(chunk))
turbo.stderr.on('data', (chunk: Buffer) => output.push(chunk))
turbo.once('error', (error) => {
  process.stderr.write(`build: could not run turbo (${error.message}); run it through pnpm.\n`)
  process.exit(1)
})
turbo.once('close', (code, signal) => {
  if (code === 0) return
  process.stderr.write(Buffer.concat(output))
  process.stderr.write(`build: turbo run build failed (${signal ?? `exit code ${code}`}).\n`)
  process.exit(code ?? 1)
})
