import type { AppAuth, AppAuthOptions } from '@alipay-isv/core'
import type { AdapterOptions } from '@alipay-isv/core/adapter'

/**
 * What an adapter test implements so the shared scenario table can drive it. Framework-free:
 * the scenarios speak HTTP to a real port and read results through `appAuth`.
 */
export interface AdapterHarness {
  /** The adapter's package, which starts every message of a refused option. */
  packageName: string
  /** Everything the package exports: checked to hold nothing it does not own. */
  packageExports: Record<string, unknown>
  /**
   * Build the adapter with `options`, listen on 127.0.0.1:0, and resolve once it serves.
   * When the adapter rejects the options (register time / factory time), reject with the
   * adapter's own error: scenarios check that its message names the bad option.
   */
  startApp(options: ScenarioAppOptions): Promise<StartedApp>
  /**
   * Several ISV apps in one server: the adapter registered once per app, each with its own name
   * for its AppAuth. Listen and resolve as `startApp` does.
   */
  startApps(apps: readonly NamedAppOptions[]): Promise<StartedApps>
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
  close(): Promise<void>
}

/** One app of several in a server, and the name its AppAuth is reached by in the framework. */
export interface NamedAppOptions {
  /** Fastify's `decorator`, Koa's `stateKey`. */
  name: string
  options: ScenarioAppOptions
}

export interface StartedApps {
  baseUrl: string
  /** Each app's AppAuth, in the order given, as the framework hands it to the app by its name. */
  appAuths: AppAuth[]
  close(): Promise<void>
}

/** The options every adapter takes (without a cookieSecret, each uses its framework's signing). */
export type SharedAdapterOptions = AdapterOptions<unknown>

/** Either every AppAuth option (the adapter builds the instance) or an existing instance. */
export type ScenarioAppOptions = SharedAdapterOptions & (AppAuthOptions | { appAuth: AppAuth })
