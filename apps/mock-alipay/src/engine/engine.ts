import { AlipayConfigError, publicKeyFromCertificate, toPem } from '@alipay-isv/core'
import { type AdminContext, handleAdmin } from './admin.js'
import { applyFault, type FaultTarget, peekV2Target, v3Target } from './apply-fault.js'
import { type RegisteredApp, registerApp } from './apps.js'
import { Authorization } from './authorization.js'
import { EngineClock } from './clock.js'
import { handleConsentPage } from './consent-page.js'
import type {
  AppRegistration,
  CertificateAuthority,
  MockAlipayOptions,
  PersistedState,
} from './contract.js'
import { v2ErrorNode, v3Error } from './error-codes.js'
import { FaultTable } from './faults.js'
import { type GatewayV2Deps, handleGatewayV2 } from './gateway-v2.js'
import { handleGatewayV3, V3_ROUTES } from './gateway-v3.js'
import { jsonResponse } from './http.js'
import { type AlipayKeys, loadAlipayKeys } from './keys.js'
import { Notifier } from './notifier.js'
import { RequestLog, type RequestNotes } from './request-log.js'
import { Responder } from './responder.js'
import { seedApps, seedMerchants } from './seed.js'
import { EngineState } from './state.js'
import { TokenApi } from './token-api.js'
import { TokenService } from './token-service.js'

const CONSENT_PATHS = ['/oauth2/appToAppAuth.htm', '/oauth2/appToAppBatchAuth.htm']

/**
 * The emulator: `(Request) => Response` over one in-memory state. The doors (HTTP server,
 * `startMockAlipay()`, msw) only translate to and from web-standard Request/Response.
 */
export class MockAlipayEngine {
  readonly state = new EngineState()
  readonly clock: EngineClock
  readonly keys: AlipayKeys
  readonly log: RequestLog
  readonly faults = new FaultTable()
  readonly #options: MockAlipayOptions
  readonly #authority: CertificateAuthority | undefined
  readonly #maxBodyBytes: number
  readonly #notifier: Notifier
  readonly #authorization: Authorization
  readonly #gateway: GatewayV2Deps
  readonly #admin: AdminContext

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
    this.#maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024
    this.log = new RequestLog(options.requestLogSize ?? 200)
    this.#notifier = new Notifier(
      options.fetch ?? globalThis.fetch,
      this.log,
      this.clock,
      options.notifyRetryDelaysMs,
    )
    const tokens = new TokenService(
      this.state,
      this.clock,
      (options.refreshGraceSeconds ?? 60) * 1000,
    )
    this.#authorization = new Authorization(tokens, this.#notifier, this.keys, this.clock)
    const responder = new Responder(this.keys, this.clock, this.#authority)
    const tokenApi = new TokenApi(tokens, this.clock)
    this.#gateway = {
      state: this.state,
      clock: this.clock,
      responder,
      tokenApi,
      authority: this.#authority,
      maxBodyBytes: this.#maxBodyBytes,
    }
    this.#admin = {
      state: this.state,
      clock: this.clock,
      faults: this.faults,
      log: this.log,
      authorization: this.#authorization,
      keys: this.keys,
      authority: this.#authority,
      maxBodyBytes: this.#maxBodyBytes,
      registerApp: (input) => this.registerApp(input),
      reset: () => this.reset(),
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
      response = await this.#route(request, path, notes)
    } catch (error) {
      notes.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      response = this.#unknownError(path)
    }
    if (!path.startsWith('/__admin')) {
      const { method, grant_type, app_id, verification, fault, error } = notes
      this.log.add({
        time,
        direction: 'inbound',
        http_method: request.method,
        path,
        method,
        grant_type,
        app_id,
        verification,
        fault,
        error,
        status: response.status,
      })
    }
    return response
  }

  /** Registers (or re-registers, replacing its key) an ISV app. Throws FieldError on bad input. */
  registerApp(input: AppRegistration): RegisteredApp {
    const app = registerApp(input, this.#authority)
    this.state.apps.set(app.registration.app_id, app)
    return app
  }

  /** Back to the seed: apps, merchants; no codes, tokens, faults, log; clock offset zero. */
  reset(): void {
    this.state.clear()
    this.faults.clear()
    this.log.clear()
    this.clock.reset()
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
    return {
      version: 1,
      alipay_keys: { private_key: this.keys.privateKeyPem, public_key: this.keys.publicKeyPem },
      clock_offset_ms: this.clock.offsetMs,
      apps: [...this.state.apps.values()].map((app) => app.registration),
      merchants: [...this.state.merchants.values()],
      codes: [...this.state.codes.values()],
      grants: [...this.state.grants.values()],
      retired_tokens: [...this.state.retired.values()],
    }
  }

  /** An engine holding a snapshot's state; `options.alipayKeys` and `options.seed` are ignored. */
  static restore(snapshot: PersistedState, options: MockAlipayOptions = {}): MockAlipayEngine {
    if (snapshot?.version !== 1)
      throw new AlipayConfigError(
        'This persisted mock-alipay state is not version 1; delete the data directory to start clean.',
      )
    const { private_key: privateKey, public_key: publicKey } = snapshot.alipay_keys
    const engine = new MockAlipayEngine({
      ...options,
      alipayKeys: { privateKey, publicKey },
      seed: { apps: snapshot.apps, merchants: snapshot.merchants },
    })
    engine.clock.advance(snapshot.clock_offset_ms / 1000)
    for (const code of snapshot.codes) engine.state.codes.set(code.code, { ...code })
    for (const grant of snapshot.grants) engine.state.putGrant({ ...grant })
    for (const retired of snapshot.retired_tokens)
      engine.state.retired.set(retired.token, { ...retired })
    return engine
  }

  async #route(request: Request, path: string, notes: RequestNotes): Promise<Response> {
    if (path === '/__admin' || path.startsWith('/__admin/'))
      return handleAdmin(request, this.#admin)
    if (CONSENT_PATHS.includes(path))
      return handleConsentPage(request, this.state, this.#authorization, this.#maxBodyBytes)
    if (path === '/gateway.do' && (request.method === 'POST' || request.method === 'GET')) {
      const target =
        this.faults.list().length > 0 ? await peekV2Target(request, this.#maxBodyBytes) : undefined
      return this.#withFaults(path, target, notes, () =>
        handleGatewayV2(request, this.#gateway, notes),
      )
    }
    if (path in V3_ROUTES) {
      const target = v3Target(request, V3_ROUTES[path]?.method)
      return this.#withFaults(path, target, notes, () =>
        handleGatewayV3(request, this.#gateway, notes),
      )
    }
    return jsonResponse(404, {
      error_response: v2ErrorNode({
        kind: 'invalid-method',
        detail: `mock-alipay has no endpoint ${request.method} ${path}`,
      }),
    })
  }

  async #withFaults(
    path: string,
    target: FaultTarget | undefined,
    notes: RequestNotes,
    run: () => Promise<Response>,
  ): Promise<Response> {
    const fault = target && this.faults.take(path, target.method)
    if (!fault || !target) return run()
    notes.fault = fault.kind
    return applyFault(fault, target, this.#gateway.responder, run)
  }

  #unknownError(path: string): Response {
    if (path.startsWith('/v3/')) {
      const { status, body } = v3Error({ kind: 'unknown-error' })
      return jsonResponse(status, body)
    }
    return jsonResponse(200, { error_response: v2ErrorNode({ kind: 'unknown-error' }) })
  }

  #loadSeed(): void {
    for (const merchant of seedMerchants(this.#options.seed))
      this.state.merchants.set(merchant.user_id, merchant)
    seedApps(this.#options.seed, (app) => this.registerApp(app))
  }
}

/** The Alipay certificate must certify the key the engine signs with, or no client could verify. */
function checkAuthority(authority: CertificateAuthority, keys: AlipayKeys): void {
  const certified = toPem(
    publicKeyFromCertificate(authority.alipayCertPem, 'certificateAuthority.alipayCertPem'),
  )
  if (certified !== keys.publicKeyPem) {
    throw new AlipayConfigError(
      'certificateAuthority.alipayCertPem does not certify alipayKeys.publicKey. Issue the Alipay certificate for the same key pair you pass as alipayKeys.',
    )
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return '/'
  }
}
