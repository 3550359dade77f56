import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { browserAccept, ScenarioBrowser } from '@alipay-isv/adapter-scenarios'
import { toPem } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import {
  type ExampleName,
  exampleEnv,
  freePort,
  type RunningExample,
  registerExampleApp,
  startExample,
  type TrustModeName,
  writeTrustFiles,
} from '@alipay-isv/demo'
import { type RunningMockAlipay, startMockAlipay } from '@alipay-isv/mock-alipay'
import { afterAll, beforeAll, expect } from 'vitest'
import { approveOnConsentPage } from './consent.js'

/** Starting the emulator (key generation) and an example (tsx compiling) on a busy CI machine. */
export const STARTUP_TIMEOUT_MS = 60_000

const shiftedClock = fileURLToPath(new URL('./shifted-clock.mjs', import.meta.url))

export interface WorldOptions {
  /** Register the example's notify URL with the emulator. Default true. */
  notify?: boolean
  /** Extra environment variables for the example. */
  env?: Record<string, string>
  /** How the example checks the emulator's answers. Default public-key mode. */
  mode?: TrustModeName
  /** The emulator's `token_expiry` for the app; default `long_lived`, as Alipay's tokens are. */
  tokenExpiry?: 'long_lived' | 'enforce'
  /** Certificate mode: re-register the app before the example starts, so the certificate the example was given is no longer the app's. */
  staleAppCert?: boolean
}

/**
 * For a describe block: the emulator and one example, started before its tests and stopped after
 * them. Read `world` inside the tests.
 */
export function startWorld(name: ExampleName, options: WorldOptions = {}): { world: World } {
  const running = {} as { world: World }
  beforeAll(async () => {
    running.world = await World.start(name, options)
  }, STARTUP_TIMEOUT_MS)
  afterAll(async () => {
    await running.world?.stop()
  }, STARTUP_TIMEOUT_MS)
  return running
}

/**
 * The emulator on a real port and one example app as its own process against it, with a fresh
 * app id, key pair, data dir and cookie jar.
 */
export class World {
  readonly browser: ScenarioBrowser

  private constructor(
    readonly alipay: RunningMockAlipay,
    readonly example: RunningExample,
    readonly appId: string,
    private readonly dir: string,
  ) {
    this.browser = new ScenarioBrowser(example.url)
  }

  static async start(name: ExampleName, options: WorldOptions = {}): Promise<World> {
    const alipay = await startMockAlipay()
    const dir = await mkdtemp(join(tmpdir(), `e2e-${name}-`))
    try {
      const appId = `20210099${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
      const { privateKey } = testKeyPair('app')
      const privateKeyFile = join(dir, 'app-private-key.pem')
      await writeFile(privateKeyFile, toPem(privateKey))
      const port = await freePort()
      const app = {
        appId,
        privateKey,
        exampleUrl: `http://127.0.0.1:${port}`,
        notify: options.notify,
        tokenExpiry: options.tokenExpiry,
      }
      const registered = await registerExampleApp(alipay, app)
      const trust = await writeTrustFiles(dir, alipay, registered, options.mode ?? 'public-key')
      if (options.staleAppCert) await registerExampleApp(alipay, app) // a new certificate, same key
      const example = await startExample(name, {
        env: exampleEnv({
          appId,
          privateKeyFile,
          trust,
          alipay,
          host: '127.0.0.1',
          port,
          dataDir: join(dir, 'data'), // World.dataDir
          cookieSecret: 'e2e-cookie-secret-of-at-least-32-characters',
          extra: options.env,
        }),
        nodeArgs: ['--import', shiftedClock],
        ipc: true,
        readyTimeoutMs: STARTUP_TIMEOUT_MS - 10_000,
      })
      return new World(alipay, example, appId, dir)
    } catch (error) {
      await alipay.close()
      await rm(dir, { recursive: true, force: true })
      throw error
    }
  }

  /**
   * Authorize link → consent page → Authorize as `userId`; the callback's response, asked for as
   * a browser following Alipay's redirect asks (Accept: text/html).
   */
  async authorize(userId?: string): Promise<Response> {
    const toConsent = await this.browser.get('/alipay/authorize')
    expect(toConsent.status).toBe(302)
    const callbackUrl = await approveOnConsentPage(toConsent.headers.get('location') ?? '', userId)
    expect(new URL(callbackUrl).origin).toBe(this.example.url)
    return this.browser.get(callbackUrl, { accept: browserAccept })
  }

  /** The example's `ALIPAY_DATA_DIR`: its FileStore's files. */
  get dataDir(): string {
    return join(this.dir, 'data')
  }

  async page(path: string): Promise<{ status: number; html: string }> {
    const response = await this.browser.get(path)
    return { status: response.status, html: await response.text() }
  }

  /** A button of the merchants page: an empty form posted from the app's own page. */
  async press(path: string): Promise<{ status: number; html: string }> {
    const response = await fetch(`${this.example.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.example.url },
      body: '',
    })
    return { status: response.status, html: await response.text() }
  }

  /** Moves the emulator's clock and the example's together (see shifted-clock.mjs). */
  async advanceClock(seconds: number): Promise<void> {
    await this.alipay.admin.advanceClock(seconds)
    const child = this.example.process
    const acknowledged = new Promise((resolve) => child.once('message', resolve))
    child.send({ type: 'advance-clock', ms: seconds * 1000 })
    await acknowledged
  }

  /** The emulator's current token for a merchant app: what the example must hold. */
  emulatorToken(authAppId: string): string | undefined {
    return this.alipay.engine
      .snapshot()
      .grants.find((grant) => grant.app_id === this.appId && grant.auth_app_id === authAppId)
      ?.app_auth_token
  }

  async stop(): Promise<void> {
    const code = await this.example.stop()
    await this.alipay.close()
    await rm(this.dir, { recursive: true, force: true })
    expect(code, `the example closes cleanly:\n${this.example.output()}`).toBe(0)
  }
}
