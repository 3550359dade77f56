import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { CONFIG_ENV, type FleetInstanceConfig, READY_PREFIX } from './instance-config.js'
import { spawnListening } from './listening-process.js'

export interface FleetInstance {
  framework: FleetInstanceConfig['framework']
  url: string
  process: ChildProcess
  /** Fetches a token through this instance. */
  getToken(authAppId: string): Promise<{ status: number; token?: string; error?: string }>
}

const INSTANCE_SCRIPT = fileURLToPath(new URL('./instance.ts', import.meta.url))

/** Starts an instance process and resolves once it listens. */
export async function spawnInstance(config: FleetInstanceConfig): Promise<FleetInstance> {
  const { url, process } = await spawnListening(
    INSTANCE_SCRIPT,
    { [CONFIG_ENV]: JSON.stringify(config) },
    READY_PREFIX,
  )
  return {
    framework: config.framework,
    url,
    process,
    getToken: async (authAppId) => {
      const response = await fetch(`${url}/token/${authAppId}`)
      return { status: response.status, ...((await response.json()) as object) }
    },
  }
}
