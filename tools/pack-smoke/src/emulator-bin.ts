import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export interface InstalledEmulator {
  /**
   * The first line it printed: docs/architecture.md's `mock-alipay listening on
   * http://127.0.0.1:<port>`.
   */
  firstLine: string
  url: string
  stop(): Promise<void>
}

/**
 * Starts `mock-alipay --port 0` through the bin the install linked into node_modules/.bin, as a
 * user's script would, and waits for its first line.
 */
export async function startInstalledEmulator(dir: string): Promise<InstalledEmulator> {
  const args = ['--port', '0', '--data-dir', join(dir, 'emulator-data')]
  const child = spawn(join(dir, 'node_modules/.bin/mock-alipay'), args, { cwd: dir })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const lines = createInterface({ input: child.stdout })
  const firstLine = await Promise.race([
    once(lines, 'line').then(([line]) => String(line)),
    once(child, 'exit').then(([code]) => {
      throw new Error(`mock-alipay exited with ${code} before printing: ${stderr}`)
    }),
  ])
  return { firstLine, url: firstLine.split(' ').at(-1) ?? '', stop: () => stop(child) }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  await exited
}
