import {
  type AlipayRouteError,
  type CallbackFailure,
  callbackRouteError,
  describeCallbackFailure,
} from '@alipay-isv/core/adapter'

export interface ReplyFailure {
  replyError: AlipayRouteError
  statusCode: number
  /** Safe for the log: never the message of a core error, which may quote Alipay's answer. */
  logFields: Record<string, string>
  /** Core's description, for the HTML page a browser is answered with. */
  failure: CallbackFailure
}

/**
 * The plugin's error for a failure of the callback flow; undefined when core does not call it
 * the visitor's or Alipay's doing (a store failure, a throwing onAuthorized): left to Fastify.
 */
export function toReplyError(
  error: unknown,
  authorizePath: string | undefined,
): ReplyFailure | undefined {
  const failure = describeCallbackFailure(error, { authorizePath })
  if (failure === undefined) return undefined
  const replyError = callbackRouteError(failure)
  return { replyError, statusCode: failure.status, logFields: failure.logFields, failure }
}
