import { type ChildProcess, type ChildProcessByStdio, spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'

export type ExampleName = 'fastify' | 'koa'

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

export interface RunningExample {
  /** From the example's `listening on <url>` line. */
  url: string
  process: ChildProcess
  /** Everything the example wrote so far, stdout and stderr: for failure messages. */
  output(): string
  /** SIGTERM, then wait for the exit (SIGKILL after `graceMs`). Resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>
}

export interface StartExampleOptions {
  /** The example's whole environment (docs/architecture.md "Examples" variables). */
  env: Record<string, string | undefined>
  /** Called with each output line, e.g. to show it prefixed in the demo's terminal. */
  onLine?: (line: string) => void
  /** How long to wait for the `listening on` line. Default 30 s (the first run compiles). */
  readyTimeoutMs?: number
  /** Node flags before the example's own (tests preload helpers with `--import`). */
  nodeArgs?: string[]
  /** Open an IPC channel to the example (`child.send`), for test preloads that listen on it. */
  ipc?: boolean
  /**
   * Run the example in its own process group, so that a terminal's Ctrl-C reaches only the
   * caller, which then stops it with one SIGTERM (a second signal would make it exit at once,
   * before its store is closed). Default false.
   */
  ownProcessGroup?: boolean
}

/**
 * Starts `apps/example-<name>` as its own process, the way `pnpm --dir apps/example-<name> start`
 * does (tsx on the source), and resolves once it prints `listening on <url>`.
 */
export async function startExample(
  name: ExampleName,
  options: StartExampleOptions,
): Promise<RunningExample> {
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts']
  const child = spawn(process.execPath, args, {
    cwd: join(repoRoot, 'apps', `example-${name}`),
    env: options.env,
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup,
  }) as ChildProcessByStdio<null, Readable, Readable>
  if (options.ownProcessGroup) process.once('exit', () => child.kill('SIGKILL')) // never orphaned
  const lines: string[] = []
  // 'close', not 'exit': by then every line the example wrote has been read, its last ones too.
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`example-${name} did not start in time:\n${lines.join('\n')}`)),
      options.readyTimeoutMs ?? 30_000,
    )
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line)
        options.onLine?.(line)
        const match = /^listening on (\S+)$/.exec(line)
        if (match?.[1]) {
          clearTimeout(timer)
          resolve(match[1])
        }
      })
    }
    exited.then(([code, signal]) => {
      clearTimeout(timer)
      reject(
        new Error(
          `example-${name} exited (${signal ?? code}) before it listened:\n${lines.join('\n')}`,
        ),
      )
    })
  })
  const stop = async (graceMs = 5000) => {
    const running = child.exitCode === null && child.signalCode === null
    const kill = running ? setTimeout(() => child.kill('SIGKILL'), graceMs) : undefined
    if (running) child.kill('SIGTERM')
    const [code] = await exited
    clearTimeout(kill)
    return code
  }
  try {
    return { url: await url, process: child, output: () => lines.join('\n'), stop }
  } catch (error) {
    await stop()
    throw error
  }
}
