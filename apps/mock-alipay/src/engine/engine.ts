import type { AdminContext } from './admin-context.js'
import { AlipayCertificates } from './alipay-certificates.js'
import { type RegisteredApp, registerApp } from './apps.js'
import { Authorization } from './authorization.js'
import { EngineClock } from './clock.js'
import type {
  AppRegistration,
  CertificateAuthority,
  MockAlipayOptions,
  PersistedState,
} from './contract.js'
import { FaultTable } from './faults.js'
import type { GatewayV2Deps } from './gateway-v2.js'
import { isAdminPath, safePath } from './http.js'
import { type AlipayKeys, checkAuthority, loadAlipayKeys } from './keys.js'
import { Notifier } from './notifier.js'
import { RequestLog, type RequestNotes } from './request-log.js'
import { Responder } from './responder.js'
import { type Routes, routeRequest, unknownError } from './router.js'
import { seedApps, seedMerchants, seedStubs } from './seed.js'
import { checkSnapshot, restoreState, snapshotState } from './snapshot.js'
import { EngineState } from './state.js'
import { TokenApi } from './token-api.js'
import { TokenService } from './token-service.js'

/**
 * The emulator: `(Request) => Response` over one in-memory state. Its servers (HTTP server,
 * `startMockAlipay()`, msw) only translate to and from web-standard Request/Response.
 */
export class MockAlipayEngine {
  readonly state = new EngineState()
  readonly clock: EngineClock
  readonly keys: AlipayKeys
  readonly log: RequestLog
  readonly faults = new FaultTable()
  /** Alipay's signing certificate in certificate mode, which `POST /__admin/keys/rotate` rotates. */
  readonly certificates: AlipayCertificates
  readonly #options: MockAlipayOptions
  readonly #authority: CertificateAuthority | undefined
  readonly #notifier: Notifier
  readonly #routes: Routes
  readonly #keptApps = new Map<string, AppRegistration>()

  constructor(options: MockAlipayOptions = {}) {
    this.#options = options
    this.clock = new EngineClock(options.clock)
    const seedKeys = options.seed?.alipay_keys
    this.keys = loadAlipayKeys(
      options.alipayKeys ??
        (seedKeys && { privateKey: seedKeys.private_key, publicKey: seedKeys.public_key }),
    )
    this.#authority = options.certificateAuthority
    if (this.#authority) checkAuthority(this.#authority, this.keys)
    this.certificates = new AlipayCertificates(this.keys, this.#authority)
    const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024
    this.log = new RequestLog(options.requestLogSize ?? 200)
    this.#notifier = new Notifier(
      // Looked up per delivery: msw replaces globalThis.fetch when its server starts, often after.
      options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      this.log,
      this.clock,
      options.notifyRetryDelaysMs,
    )
    const tokens = new TokenService(
      this.state,
      this.clock,
      (options.refreshGraceSeconds ?? 60) * 1000,
    )
    const authorization = new Authorization(tokens, this.#notifier, this.keys, this.clock)
    const responder = new Responder(this.certificates, this.clock)
    const tokenApi = new TokenApi(tokens, this.clock, this.state.stubs)
    const gateway: GatewayV2Deps = {
      state: this.state,
      clock: this.clock,
      responder,
      tokenApi,
      certificates: this.certificates,
      authority: this.#authority,
      maxBodyBytes,
      strictTimestamps: options.strictTimestamps ?? false,
    }
    const admin: AdminContext = {
      state: this.state,
      clock: this.clock,
      faults: this.faults,
      log: this.log,
      authorization,
      keys: this.keys,
      certificates: this.certificates,
      authority: this.#authority,
      maxBodyBytes,
      registerApp: (input) => this.registerApp(input),
      reset: () => this.reset(),
    }
    this.#routes = {
      admin,
      gateway,
      authorization,
      faults: this.faults,
    }
    this.#loadSeed()
  }

  /** Every route; never throws: a bug answers 20000 isp.unknow-error and is logged. */
  async handle(request: Request): Promise<Response> {
    const notes: RequestNotes = {}
    const path = safePath(request.url)
    let time = new Date().toISOString()
    let response: Response
    try {
      time = new Date(this.clock.now()).toISOString()
      response = await routeRequest(request, path, notes, this.#routes)
    } catch (error) {
      notes.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      response = unknownError(path)
    }
    if (!isAdminPath(path)) {
      this.log.add({
        time,
        direction: 'inbound',
        http_method: request.method,
        path,
        ...notes,
        status: response.status,
      })
    }
    return response
  }

  /**
   * Registers (or re-registers, replacing its key) an ISV app. Throws FieldError on bad input.
   * With `keepOnReset`, `reset()` registers it again, as it does the seed's apps.
   */
  registerApp(input: AppRegistration, options: { keepOnReset?: boolean } = {}): RegisteredApp {
    const app = registerApp(input, this.#authority)
    this.state.apps.set(app.registration.app_id, app)
    if (options.keepOnReset) this.#keptApps.set(app.registration.app_id, input)
    return app
  }

  /**
   * Back to the seed: apps (and those kept on reset), merchants, stubs; no codes, tokens,
   * invites, faults, log, notifications under way; clock offset zero.
   */
  reset(): void {
    this.#notifier.cancel()
    this.state.clear()
    this.faults.clear()
    this.log.clear()
    this.clock.reset()
    this.certificates.reset()
    this.#loadSeed()
  }

  /** Resolves when every notification under way has been delivered or given up. */
  settleNotifications(): Promise<void> {
    return this.#notifier.settled()
  }

  /** Stops notification retries. */
  close(): Promise<void> {
    return this.#notifier.close()
  }

  snapshot(): PersistedState {
    return snapshotState(this.state, this.keys, this.clock)
  }

  /** An engine holding a snapshot's state; `options.alipayKeys` and `options.seed` are ignored. */
  static restore(snapshot: PersistedState, options: MockAlipayOptions = {}): MockAlipayEngine {
    checkSnapshot(snapshot)
    const { private_key: privateKey, public_key: publicKey } = snapshot.alipay_keys
    const seed = { apps: snapshot.apps, merchants: snapshot.merchants, stubs: snapshot.stubs }
    const engine = new MockAlipayEngine({ ...options, alipayKeys: { privateKey, publicKey }, seed })
    restoreState(engine.state, engine.clock, snapshot)
    return engine
  }

  #loadSeed(): void {
    for (const merchant of seedMerchants(this.#options.seed))
      this.state.merchants.set(merchant.user_id, merchant)
    seedApps(this.#options.seed, (app) => this.registerApp(app))
    for (const app of this.#keptApps.values()) this.registerApp(app)
    seedStubs(this.#options.seed, this.state.stubs)
  }
}
