import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { openSync, readFileSync } from 'node:fs'

/**
 * Runs a command with its output appended to `log`, and rejects with the last lines of that log
 * when it exits non-zero, so a failure says what went wrong without flooding the test output.
 */
export async function runLogged(
  command: string,
  args: string[],
  options: { cwd: string; log: string; env?: Record<string, string> },
): Promise<void> {
  const output = openSync(options.log, 'a')
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', output, output],
  })
  const [code] = (await once(child, 'exit')) as [number | null]
  if (code === 0) return
  const tail = readFileSync(options.log, 'utf8').trimEnd().split('\n').slice(-40).join('\n')
  throw new Error(`${command} ${args.join(' ')} exited with ${code} in ${options.cwd}:\n${tail}`)
}
