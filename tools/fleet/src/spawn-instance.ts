import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { CONFIG_ENV, type FleetInstanceConfig, READY_PREFIX } from './instance-config.js'

export interface FleetInstance {
  framework: FleetInstanceConfig['framework']
  url: string
  process: ChildProcess
  /** Fetches a token through this instance. */
  getToken(authAppId: string): Promise<{ status: number; token?: string; error?: string }>
}

const INSTANCE_SCRIPT = fileURLToPath(new URL('./instance.ts', import.meta.url))

/** Starts an instance process (TypeScript through tsx) and resolves once it listens. */
export function spawnInstance(config: FleetInstanceConfig): Promise<FleetInstance> {
  const child = spawn(process.execPath, ['--import', 'tsx', INSTANCE_SCRIPT], {
    env: { ...process.env, [CONFIG_ENV]: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(
        new Error(`${config.framework} instance exited (${code}) before listening:\n${stderr}`),
      ),
    )
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith(READY_PREFIX)) return
      const url = line.slice(READY_PREFIX.length)
      resolve({
        framework: config.framework,
        url,
        process: child,
        getToken: async (authAppId) => {
          const response = await fetch(`${url}/token/${authAppId}`)
          return { status: response.status, ...((await response.json()) as object) }
        },
      })
    })
  })
}
