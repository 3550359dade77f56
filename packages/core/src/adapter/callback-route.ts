import type { AppAuth } from '../auth/app-auth.js'
import type { CallbackQuery } from '../auth/callback-query.js'
import { AlipayDuplicateCallbackError } from '../errors.js'
import type { MerchantToken } from '../stores/types.js'
import { type CallbackAnswer, callbackSuccessAnswer } from './callback-answer.js'
import { routeErrorFor } from './route-error-for.js'

export interface CallbackRouteSettings {
  /** The adapter's `invites` option. */
  invites: boolean
  /** The full path of the adapter's authorize route, when it has one: where to start again. */
  authorizePath?: string
  /** The adapter's `successRedirect` option. */
  successRedirect?: string
}

export interface CompletedCallback {
  merchants: MerchantToken[]
  /**
   * A double click in the browser that made the first callback, whose exchange this process
   * knows: it is shown the same success, and `onAuthorized` is not called again.
   */
  repeated: boolean
  answer: CallbackAnswer
}

/**
 * `GET <prefix>/callback` in any framework, from the query and the browser's verified bindings
 * to the success answer. A failure the visitor or Alipay caused is thrown as its
 * `AlipayRouteError`; anything else (a store failure, a bug) as it was, for the app's handling.
 */
export async function completeCallback(
  appAuth: AppAuth,
  query: CallbackQuery,
  browserBindings: readonly string[],
  settings: CallbackRouteSettings,
): Promise<CompletedCallback> {
  const outcome = await appAuth.settleCallback(query, browserBindings, {
    invites: settings.invites,
  })
  if (outcome.status === 'authorized') {
    const { merchants } = outcome
    return {
      merchants,
      repeated: false,
      answer: callbackSuccessAnswer(merchants, settings.successRedirect),
    }
  }
  const { error, shownOnDesktop } = outcome
  if (error instanceof AlipayDuplicateCallbackError && error.merchants) {
    const { merchants } = error
    return {
      merchants,
      repeated: true,
      answer: callbackSuccessAnswer(merchants, settings.successRedirect),
    }
  }
  throw routeErrorFor(error, { authorizePath: settings.authorizePath, shownOnDesktop }) ?? error
}
