import type { AppAuth, AppAuthOptions } from '@alipay-isv/core'
import type { AdapterOptions } from '@alipay-isv/core/adapter'

/**
 * What an adapter test implements so the shared scenario table can drive it. Framework-free:
 * the scenarios speak HTTP to a real port and read results through `appAuth`.
 */
export interface AdapterHarness {
  /** The adapter's package, which starts every message of a refused option. */
  packageName: string
  /** Everything the package exports: its route error classes are checked against the codes. */
  packageExports: Record<string, unknown>
  /**
   * Build the adapter with `options`, listen on 127.0.0.1:0, and resolve once it serves.
   * When the adapter rejects the options (register time / factory time), reject with the
   * adapter's own error: scenarios check that its message names the bad option.
   */
  startApp(options: ScenarioAppOptions): Promise<StartedApp>
  /**
   * The stable code and message of an error response (Fastify: JSON `{ code, message }`; an
   * adapter with another shape reads it here).
   */
  readError(response: Response): Promise<{ code: string; message: string }>
}

export interface StartedApp {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  baseUrl: string
  /** The instance the adapter uses (created from the options, or the one passed in). */
  appAuth: AppAuth
  /**
   * Everything the app logged so far, as the operator's log would hold it (the adapter's lines,
   * and the framework's own where it logs requests); still readable after `close`.
   */
  logText(): string
  close(): Promise<void>
}

/** The options every adapter takes (without a cookieSecret, each uses its framework's signing). */
export type SharedAdapterOptions = AdapterOptions<unknown>

/** Either every AppAuth option (the adapter builds the instance) or an existing instance. */
export type ScenarioAppOptions = SharedAdapterOptions & (AppAuthOptions | { appAuth: AppAuth })

/**
 * Stable error codes both adapters answer with (the table asserts them).
 * AlipayStateError reasons map one to one; the rest by error class.
 */
export const adapterErrorCodes = {
  'missing-state': 'ALIPAY_STATE_MISSING',
  'unknown-or-expired-state': 'ALIPAY_STATE_EXPIRED',
  'browser-mismatch': 'ALIPAY_STATE_BROWSER_MISMATCH',
  'missing-app-id': 'ALIPAY_APP_ID_MISSING',
  'app-id-mismatch': 'ALIPAY_APP_ID_MISMATCH',
  'bad-source': 'ALIPAY_BAD_SOURCE',
  'missing-code': 'ALIPAY_CODE_MISSING',
  'malformed-code': 'ALIPAY_CODE_MALFORMED',
  'repeated-parameter': 'ALIPAY_PARAMETER_REPEATED',
  duplicate: 'ALIPAY_DUPLICATE_CALLBACK',
  rateLimited: 'ALIPAY_RATE_LIMITED',
  codeInvalid: 'ALIPAY_CODE_INVALID',
  apiError: 'ALIPAY_API_ERROR',
  untrustedResponse: 'ALIPAY_UNTRUSTED_RESPONSE',
  unreachable: 'ALIPAY_UNREACHABLE',
  contextChangeRefused: 'ALIPAY_CONTEXT_CHANGE_REFUSED',
  storeUnavailable: 'ALIPAY_STORE_UNAVAILABLE',
} as const
