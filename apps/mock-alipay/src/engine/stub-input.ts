import { requireText } from './apps.js'
import type { StubScope } from './contract.js'
import { FieldError } from './field-error.js'
import { OWN_METHODS } from './gateway-v2.js'
import type { NewStub } from './stubs.js'

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

/**
 * `POST /__admin/stubs` (or a seed file's `stubs[]` entry): a v2 stub `{method, response?}` or a
 * v3 stub `{http_method, path, status?, body?}`, each with an optional scope. FieldError names
 * what is wrong.
 */
export function parseStub(input: Record<string, unknown>): NewStub {
  const scope = parseScope(input)
  const v2 = input.method !== undefined
  const v3 = input.path !== undefined || input.http_method !== undefined
  if (v2 && v3)
    throw new FieldError(
      'method',
      'A stub is either v2 ({method, response}) or v3 ({http_method, path, status, body}), not both.',
    )
  if (v3) return { ...parseV3(input), ...scope }
  if (!v2)
    throw new FieldError(
      'method',
      'Give method (v2, e.g. "alipay.trade.query") with response, or http_method and path (v3, e.g. "/v3/alipay/trade/query") with body.',
    )
  return { ...parseV2(input), ...scope }
}

function parseV2(input: Record<string, unknown>): {
  method: string
  response: Record<string, unknown>
} {
  const method = requireText(input.method, 'method')
  if (OWN_METHODS.includes(method))
    throw new FieldError(
      'method',
      `The emulator answers ${method} itself; stubs are for business methods such as alipay.trade.query.`,
    )
  const response = input.response ?? {}
  if (typeof response !== 'object' || response === null || Array.isArray(response))
    throw new FieldError(
      'response',
      'response must be a JSON object: the <method>_response node, e.g. {"trade_status": "TRADE_SUCCESS"}.',
    )
  for (const field of ['code', 'msg', 'sub_code', 'sub_msg']) {
    const value = (response as Record<string, unknown>)[field]
    if (value !== undefined && typeof value !== 'string')
      throw new FieldError(
        `response.${field}`,
        `response.${field} must be a string, as Alipay sends it.`,
      )
  }
  return { method, response: response as Record<string, unknown> }
}

function parseV3(input: Record<string, unknown>): {
  http_method: string
  path: string
  status: number
  body: unknown
} {
  const httpMethod = requireText(input.http_method, 'http_method').toUpperCase()
  if (!HTTP_METHODS.includes(httpMethod))
    throw new FieldError('http_method', `http_method must be one of ${HTTP_METHODS.join(', ')}.`)
  const path = requireText(input.path, 'path')
  if (!/^\/v3\/[^?#\s]+$/.test(path))
    throw new FieldError(
      'path',
      'path must be a v3 path without its query, e.g. /v3/alipay/trade/query.',
    )
  if (path.startsWith('/v3/alipay/open/auth/token/app'))
    throw new FieldError(
      'path',
      `The emulator answers ${path} itself; stubs are for business APIs.`,
    )
  const status = input.status ?? 200
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599)
    throw new FieldError('status', 'status must be an HTTP status from 200 to 599.')
  const body = input.body ?? {}
  if (typeof body !== 'object' || body === null)
    throw new FieldError('body', 'body must be a JSON object or array: what the v3 API answers.')
  return { http_method: httpMethod, path, status, body }
}

function parseScope(input: Record<string, unknown>): StubScope {
  const scope: StubScope = {}
  if (input.app_id !== undefined) scope.app_id = requireText(input.app_id, 'app_id')
  if (input.auth_app_id !== undefined)
    scope.auth_app_id = requireText(input.auth_app_id, 'auth_app_id')
  return scope
}
