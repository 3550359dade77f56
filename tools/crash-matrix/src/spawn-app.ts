import { fileURLToPath } from 'node:url'
import { spawnListening } from '@alipay-isv/fleet'
import { CONFIG_ENV, type MatrixAppConfig, READY_PREFIX } from './matrix-config.js'

/** What the routes answer: a report, a token, a token status, or an error. */
export type ActionBody = {
  finished?: number
  token?: string
  status?: string
  error?: string
  reencrypted?: number
  unchanged?: number
  failed?: number
}

export interface MatrixApp {
  url: string
  /** Calls a route of `merchant-actions.ts`; a dead app answers status 0. */
  call(method: 'GET' | 'POST', path: string): Promise<{ status: number; body: ActionBody }>
  /** SIGKILL, as an OOM killer or a lost host would: no shutdown code runs. */
  kill(): Promise<void>
}

const APP_SCRIPT = fileURLToPath(new URL('./matrix-app.ts', import.meta.url))

/** Starts an app process and resolves once it listens. */
export async function spawnApp(config: MatrixAppConfig): Promise<MatrixApp> {
  const {
    url,
    process: child,
    exited,
  } = await spawnListening(APP_SCRIPT, { [CONFIG_ENV]: JSON.stringify(config) }, READY_PREFIX)
  return {
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
  }
}
