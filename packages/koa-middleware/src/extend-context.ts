import { AlipayConfigError, type AppAuth } from '@alipay-isv/core'
import type Koa from 'koa'
import { adapterName } from './resolve-options.js'

/** Set on every context by Koa itself, so not on `app.context` to be seen there. */
const koaPerRequest = [
  'state',
  'app',
  'req',
  'res',
  'request',
  'response',
  'originalUrl',
  'cookies',
]

/**
 * Puts the AppAuth on the app's context once, when the middleware is made, as koa-session
 * extends it: `ctx[stateKey]` then reads it in every middleware. A key the context already has
 * (one of Koa's, another middleware's AppAuth) is refused rather than hidden.
 */
export function extendContext(app: Pick<Koa, 'context'>, stateKey: string, appAuth: AppAuth): void {
  if (stateKey in app.context || koaPerRequest.includes(stateKey)) {
    throw new AlipayConfigError(
      `${adapterName}: ctx.${stateKey} is already taken on this app (is the middleware made twice with the same stateKey?). Give each middleware its own option "stateKey", e.g. { stateKey: 'miniAppAuth', prefix: '/mini', cookieName: 'mini_auth_state' }.`,
    )
  }
  Object.defineProperty(app.context, stateKey, { value: appAuth, enumerable: true })
}
