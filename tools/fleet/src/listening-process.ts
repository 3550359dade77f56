import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

export interface ListeningProcess {
  /** The base URL the process printed after `readyPrefix`. */
  url: string
  process: ChildProcess
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>
}

/**
 * Runs a TypeScript file (through tsx) with `env` added, and resolves once it prints a line
 * `<readyPrefix><url>`; rejects with its stderr if it exits first.
 */
export function spawnListening(
  script: string,
  env: Record<string, string>,
  readyPrefix: string,
): Promise<ListeningProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`${script} exited (${signal ?? code}) before listening:\n${stderr}`)),
    )
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(readyPrefix)) {
        resolve({ url: line.slice(readyPrefix.length), process: child, exited })
      }
    })
  })
}
