import {
  type AdapterRouteName,
  adapterOptionError,
  RefusalLog,
  type ResolvedAdapterOptions,
  resolveAccessorName,
  resolveAdapterOptions,
} from '@alipay-isv/core/adapter'
import type { Context } from 'koa'
import type { AlipayAuthLogger, AlipayAuthOptions } from './options.js'

export const adapterName = '@alipay-isv/koa'

/** The options, checked once when `alipayAuth()` is called, with every default filled in. */
export interface AlipayAuthConfig extends ResolvedAdapterOptions<Context> {
  /** Full request paths (prefix included) of the routes that are on. */
  paths: Partial<Record<AdapterRouteName, string>>
  /** The key of `ctx.state` (and of the context, when the app was given) holding the AppAuth. */
  stateKey: string
  logger: AlipayAuthLogger
  /** Keeps the lines of refused requests to a few per minute and code, then a count. */
  refusals: RefusalLog
}

export function resolveOptions(options: AlipayAuthOptions): AlipayAuthConfig {
  const { logger = console } = options ?? {}
  const stateKey = resolveAccessorName(adapterName, 'stateKey', options?.stateKey)
  checkLogger(logger)
  const shared = resolveAdapterOptions<Context>(adapterName, options, ['stateKey', 'logger'])
  const paths = Object.fromEntries(
    Object.entries(shared.routes).map(([name, path]) => [name, shared.prefix + path]),
  )
  const refusals = new RefusalLog((_code, _suppressed, sentence) =>
    logger.warn(`alipay-auth: ${sentence}`),
  )
  return { ...shared, paths, stateKey, logger, refusals }
}

function checkLogger(logger: AlipayAuthLogger | undefined): void {
  const methods = [logger?.info, logger?.warn, logger?.error ?? (() => {})]
  if (methods.some((method) => typeof method !== 'function')) {
    throw adapterOptionError(
      adapterName,
      'logger',
      'an object with info() and warn() methods (error() optional)',
      logger,
    )
  }
}
