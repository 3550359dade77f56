import { AlipayConfigError } from '../errors.js'
import { aesEncrypt } from '../signer/aes.js'
import type { AlipayClientOptions } from './options.js'

/** Checks the options once, at construction; keys are checked when parsed (credentials.ts). */
export function validateOptions(options: AlipayClientOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new AlipayConfigError(
      'Options are required: at least appId, privateKey and alipayPublicKey.',
    )
  }
  if (typeof options.appId !== 'string' || !/^\S+$/.test(options.appId)) {
    throw new AlipayConfigError(
      `appId must be your app's id from the Alipay console (a string like "2021000000000000"); got ${JSON.stringify(options.appId)}.`,
    )
  }
  const { timeoutMs, api, encryptKey } = options
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new AlipayConfigError(
      `timeoutMs must be a positive number of milliseconds; got ${timeoutMs}.`,
    )
  }
  if (api !== undefined && api !== 'v2' && api !== 'v3') {
    throw new AlipayConfigError(`api must be 'v2' or 'v3'; got ${JSON.stringify(api)}.`)
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new AlipayConfigError('fetch must be a fetch-compatible function.')
  }
  const { proxy } = options
  if (proxy !== undefined && proxy !== false && typeof proxy !== 'string') {
    throw new AlipayConfigError('proxy must be an http(s) proxy URL, or false for none.')
  }
  if (typeof proxy === 'string' && options.fetch !== undefined) {
    throw new AlipayConfigError(
      'Give proxy or fetch, not both: with your own fetch, configure the proxy in it (e.g. an undici ProxyAgent as its dispatcher).',
    )
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw new AlipayConfigError('clock must be a function returning epoch milliseconds.')
  }
  if (encryptKey !== undefined) aesEncrypt('', encryptKey)
}
