import { AlipayConfigError } from '@alipay-isv/core'
import type { Context } from 'koa'
import { adapterName } from './resolve-options.js'

/**
 * A configuration mistake only visible per request (no `app.keys`, a body parser that ate the
 * notification). The error must reach the operator, not the visitor: `expose: false` keeps its
 * message out of the response, and Koa's default error listener logs it in full.
 */
export function koaConfigError(message: string): AlipayConfigError {
  return Object.assign(new AlipayConfigError(`${adapterName}: ${message}`), {
    status: 500,
    expose: false,
  })
}

/**
 * Not `ctx.throw`: a config error is not an HTTP error of the request, and an app's error
 * middleware should not have to know it. It goes to `app.on('error')` (logged by Koa unless the
 * app is silent) and the visitor gets a stable code to report.
 */
export function answerConfigError(ctx: Context, error: AlipayConfigError): void {
  ctx.app.emit('error', error, ctx)
  ctx.status = 500
  ctx.body = {
    code: 'ALIPAY_CONFIG',
    message: 'Alipay authorization is misconfigured on this server; its log says what to fix.',
  }
}
