import type { AddressInfo } from 'node:net'
import { createAdminClient, type MockAlipayAdmin } from './admin-client.js'
import type { AdminAccessOptions } from './admin-guard.js'
import type { MockAlipayOptions } from './engine/contract.js'
import type { MockAlipayEngine } from './engine/engine.js'
import { prepareEngine } from './engine-setup.js'
import { type KeyCache, openKeyCache } from './key-cache.js'
import { saveState } from './persistence.js'
import type { RequestHandler } from './request-handler.js'
import { createMockAlipayServer } from './server.js'
import { StateSaver } from './state-saver.js'

export interface StartMockAlipayOptions extends MockAlipayOptions, AdminAccessOptions {
  /** Default 0: a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /**
   * Keeps Alipay's keys, the CA, apps, merchants, codes and tokens here, and reloads them on
   * the next start (no key generation then).
   */
  dataDir?: string
  /**
   * Without `dataDir`: where the keys generated on the first start (Alipay's, the mock CA's) are
   * kept, so later starts generate none. Apps, codes and tokens still start clean. Default
   * `$XDG_CACHE_HOME/mock-alipay` (`~/.cache/mock-alipay`); `false` generates fresh keys on every
   * start.
   */
  keyCacheDir?: string | false
}

export interface RunningMockAlipay {
  /** Base URL, e.g. `http://127.0.0.1:9300`; the gateway is `${url}/gateway.do`. */
  url: string
  /** PEM: configure clients with it as Alipay's public key. */
  alipayPublicKey: string
  engine: MockAlipayEngine
  admin: MockAlipayAdmin
  /** Stops listening, stops notifications and, with a data dir, writes the final state. */
  close(): Promise<void>
}

/**
 * `startMockAlipay()`: the emulator's HTTP server on a real port, from code, for tests and scripts.
 *
 * @example
 * const alipay = await startMockAlipay()
 * await alipay.admin.registerApp({ app_id: '2021000000000001', public_key })
 * const { app_auth_code } = await alipay.admin.authorize({ app_id: '2021000000000001' })
 * await alipay.close()
 */
export async function startMockAlipay(
  options: StartMockAlipayOptions = {},
): Promise<RunningMockAlipay> {
  const { keyCacheDir, dataDir } = options
  return launchMockAlipay(options, dataDir === undefined ? openKeyCache(keyCacheDir) : undefined)
}

/** `startMockAlipay` with the key cache given: the CLI reads from the same one what it reports. */
export async function launchMockAlipay(
  options: StartMockAlipayOptions,
  keyCache: KeyCache | undefined,
): Promise<RunningMockAlipay> {
  const {
    port = 0,
    host = '127.0.0.1',
    dataDir,
    keyCacheDir: _keyCacheDir,
    adminToken,
    allowedHosts,
    ...engineOptions
  } = options
  const { engine, alipayPublicKey } = await prepareEngine(engineOptions, { dataDir, keyCache })
  const saver =
    dataDir === undefined
      ? undefined
      : new StateSaver(
          () => saveState(dataDir, engine.snapshot()),
          (error) =>
            process.emitWarning(
              `mock-alipay could not save its state in ${dataDir}: ${String(error)}`,
            ),
        )
  const handler: RequestHandler = saver
    ? {
        handle: async (request) => {
          const response = await engine.handle(request)
          saver.schedule()
          return response
        },
      }
    : engine
  const server = createMockAlipayServer(handler, {
    bodyLimit: engineOptions.maxBodyBytes,
    adminToken,
    allowedHosts,
  })
  await saver?.flush()
  await server.listen({ port, host })
  const { port: boundPort } = server.server.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`
  return {
    url,
    alipayPublicKey,
    engine,
    admin: createAdminClient(url, { token: adminToken }),
    close: async () => {
      await server.close()
      await engine.close()
      await saver?.flush()
    },
  }
}
