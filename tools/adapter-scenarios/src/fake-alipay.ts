import { randomBytes } from 'node:crypto'
import { buildV2ResponseBody, v2ResponseNodeName, verifyV2Params } from '@alipay-isv/core'
import type { ScenarioKeys } from './keys.js'

const exchangeMethod = 'alipay.open.auth.token.app'

export interface ScenarioMerchant {
  userId: string
  authAppId: string
}

/**
 * Alipay's gateway, as far as the adapter scenarios need it: `alipay.open.auth.token.app` with
 * `grant_type=authorization_code` (SPEC §3), strict about the request signature, signing every
 * answer. Reached through an injected `fetch`, never the network.
 */
export class FakeAlipayGateway {
  readonly #codes = new Map<string, ScenarioMerchant>()
  #exchanges = 0

  constructor(
    readonly appId: string,
    private readonly keys: ScenarioKeys,
  ) {}

  get exchanges(): number {
    return this.#exchanges
  }

  /** The consent step: a fresh single-use code for `merchant`. */
  issueCode(merchant: ScenarioMerchant): string {
    const code = `code_${randomBytes(12).toString('hex')}`
    this.#codes.set(code, merchant)
    return code
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    const params = Object.fromEntries(new URL(request.url).searchParams)
    Object.assign(params, Object.fromEntries(new URLSearchParams(await request.text())))
    if (params.method !== exchangeMethod)
      return this.#answer(params.method ?? '', failure('isv.invalid-method'))
    if (params.app_id !== this.appId || !verifyV2Params(params, this.keys.app.publicKey)) {
      return this.#answer(exchangeMethod, failure('isv.invalid-signature'))
    }
    const biz = JSON.parse(params.biz_content ?? '{}') as { grant_type?: string; code?: string }
    const merchant = biz.code === undefined ? undefined : this.#codes.get(biz.code)
    if (biz.grant_type !== 'authorization_code' || !merchant || !biz.code) {
      return this.#answer(exchangeMethod, failure('isv.code-invalid'))
    }
    this.#codes.delete(biz.code)
    this.#exchanges++
    return this.#answer(exchangeMethod, {
      code: '10000',
      msg: 'Success',
      tokens: [tokenFor(merchant)],
    })
  }

  #answer(method: string, node: Record<string, unknown>): Response {
    const nodeName = method ? v2ResponseNodeName(method) : 'error_response'
    const body = buildV2ResponseBody(nodeName, JSON.stringify(node), this.keys.alipay.privateKey)
    return new Response(body, { headers: { 'content-type': 'application/json;charset=utf-8' } })
  }
}

function failure(subCode: string): Record<string, string> {
  return { code: '40002', msg: 'Invalid Arguments', sub_code: subCode, sub_msg: subCode }
}

function tokenFor(merchant: ScenarioMerchant): Record<string, string | number> {
  return {
    app_auth_token: `202506BB${randomBytes(16).toString('hex')}`,
    app_refresh_token: `202506BB${randomBytes(16).toString('hex')}`,
    auth_app_id: merchant.authAppId,
    user_id: merchant.userId,
    expires_in: 31536000,
    re_expires_in: 32140800,
  }
}
