import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { CONFIG_ENV, type MatrixAppConfig, READY_PREFIX } from './matrix-config.js'

/** What the routes answer: a report, a token, a token status, or an error. */
export type ActionBody = { finished?: number; token?: string; status?: string; error?: string }

export interface MatrixApp {
  url: string
  /** Calls a route of `merchant-actions.ts`; a dead app answers status 0. */
  call(method: 'GET' | 'POST', path: string): Promise<{ status: number; body: ActionBody }>
  /** SIGKILL, as an OOM killer or a lost host would: no shutdown code runs. */
  kill(): Promise<void>
}

const APP_SCRIPT = fileURLToPath(new URL('./matrix-app.ts', import.meta.url))

/** Starts an app process (TypeScript through tsx) and resolves once it listens. */
export function spawnApp(config: MatrixAppConfig): Promise<MatrixApp> {
  const child = spawn(process.execPath, ['--import', 'tsx', APP_SCRIPT], {
    env: { ...process.env, [CONFIG_ENV]: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    exited.then(() =>
      reject(new Error(`the ${config.adapter} app exited before listening:\n${stderr}`)),
    )
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(READY_PREFIX)) return
      const url = line.slice(READY_PREFIX.length)
      resolve({
        url,
        call: async (method, path) => {
          try {
            const response = await fetch(`${url}${path}`, { method })
            return { status: response.status, body: (await response.json()) as ActionBody }
          } catch (error) {
            return { status: 0, body: { error: String(error) } }
          }
        },
        kill: async () => {
          child.kill('SIGKILL')
          await exited
        },
      })
    })
  })
}
