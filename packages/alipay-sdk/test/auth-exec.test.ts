import {
  AlipayApiError,
  AlipayReauthorizationRequiredError,
  AlipayTokenRenewedError,
} from '@alipay-isv/core'
import { describe, expect, it } from 'vitest'
import { failure, PAST_EXPIRY_SECONDS, TRADE, useMerchantWorld } from './support/merchant-world.js'

/**
 * Core's `auth.exec` / `auth.curl` against the emulator (through workspace links), in both trust
 * modes: the token rules of the gateway met as an ISV meets them.
 */
let merchants = 0
const newMerchant = () => `2021009900${String(++merchants).padStart(6, '0')}`

describe.each(['public-key', 'certificate'] as const)(
  'auth.exec and auth.curl, %s mode',
  (mode) => {
    const running = useMerchantWorld(mode)

    it('exec calls a stubbed method with the merchant token and resolves with the verified node', async () => {
      const { world } = running
      const merchant = await world.authorize(newMerchant())
      // Answered only for this merchant: a call without its token would run as the ISV's own.
      await world.stub({ method: 'alipay.trade.query', response: TRADE, auth_app_id: merchant })
      const node = await world.auth.exec(merchant, 'alipay.trade.query', { out_trade_no: 'T1' })
      expect(node).toMatchObject({ code: '10000', msg: 'Success', ...TRADE })
    })

    it('curl calls a stubbed v3 API and resolves with status, body and trace id', async () => {
      const { world } = running
      const merchant = await world.authorize(newMerchant())
      const path = '/v3/alipay/trade/query'
      await world.stub({ http_method: 'GET', path, body: TRADE, auth_app_id: merchant })
      const answer = await world.auth.curl(merchant, 'GET', path, { query: { out_trade_no: 'T1' } })
      expect(answer).toMatchObject({ status: 200, body: TRADE, traceId: expect.any(String) })
    })

    it('a business failure rejects with AlipayApiError carrying the answer', async () => {
      const { world } = running
      const refusal = { code: '40004', sub_code: 'ACQ.TRADE_NOT_EXIST', sub_msg: '交易不存在' }
      await world.stub({ method: 'alipay.trade.cancel', response: refusal })
      const merchant = await world.authorize(newMerchant())
      const error = await failure(world.auth.exec(merchant, 'alipay.trade.cancel', {}))
      expect(error).toBeInstanceOf(AlipayApiError)
      expect(error).toMatchObject({
        code: '40004',
        subCode: 'ACQ.TRADE_NOT_EXIST',
        subMsg: '交易不存在',
        traceId: expect.any(String),
        response: refusal,
      })
    })

    it('a v3 business failure rejects with AlipayApiError carrying the answer', async () => {
      const { world } = running
      const body = { code: 'ACQ.TRADE_NOT_EXIST', message: '交易不存在' }
      const path = '/v3/alipay/trade/cancel'
      await world.stub({ http_method: 'POST', path, status: 400, body })
      const merchant = await world.authorize(newMerchant())
      const error = await failure(world.auth.curl(merchant, 'POST', path, { body: {} }))
      expect(error).toBeInstanceOf(AlipayApiError)
      expect(error).toMatchObject({
        code: 'ACQ.TRADE_NOT_EXIST',
        subMsg: '交易不存在',
        httpStatus: 400,
        traceId: expect.any(String),
        response: body,
      })
    })

    it('an API the merchant did not grant rejects with api-not-granted; the merchant stays active', async () => {
      const { world } = running
      await world.stub({ method: 'alipay.trade.refund', response: {} })
      const merchant = await world.authorize(newMerchant(), ['alipay.trade.query'])
      const error = await failure(world.auth.exec(merchant, 'alipay.trade.refund', {}))
      expect(error).toBeInstanceOf(AlipayReauthorizationRequiredError)
      expect(error).toMatchObject({ reason: 'api-not-granted', authAppId: merchant })
      expect((error as Error).message).toContain('alipay.trade.refund')
      expect((await world.auth.getMerchant(merchant))?.status).toBe('active')
    })

    it('100 concurrent idempotent calls meeting a timed-out token: one refresh, every call answered', async () => {
      const { world } = running
      await world.stub({ method: 'alipay.trade.query', response: TRADE })
      const merchant = await world.authorize(newMerchant())
      const before = (await world.auth.getMerchant(merchant))?.appAuthToken
      await world.advanceEmulatorClock(PAST_EXPIRY_SECONDS)
      const refreshesBefore = await world.received('alipay.open.auth.token.app', 'refresh_token')
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => world.auth.exec(merchant, 'alipay.trade.query', {})),
      )
      expect(answers.every((node) => node.trade_no === TRADE.trade_no)).toBe(true)
      const refreshes = await world.received('alipay.open.auth.token.app', 'refresh_token')
      expect(refreshes - refreshesBefore).toBe(1)
      expect((await world.auth.getMerchant(merchant))?.appAuthToken).not.toBe(before)
    })

    it('a call that is not idempotent reaches the gateway once, and rejects saying the token was renewed', async () => {
      const { world } = running
      await world.stub({ method: 'alipay.trade.create', response: TRADE })
      const merchant = await world.authorize(newMerchant())
      await world.advanceEmulatorClock(PAST_EXPIRY_SECONDS)
      const before = await world.received('alipay.trade.create')
      const error = await failure(
        world.auth.exec(merchant, 'alipay.trade.create', { out_trade_no: 'T1' }),
      )
      expect(error).toBeInstanceOf(AlipayTokenRenewedError)
      expect(error).toMatchObject({
        code: 'ALIPAY_TOKEN_RENEWED',
        subCode: 'aop.app-auth-token-time-out',
      })
      expect(await world.received('alipay.trade.create')).toBe(before + 1)
      // Repeating it, as the error advises, now succeeds with the renewed token.
      expect(
        await world.auth.exec(merchant, 'alipay.trade.create', { out_trade_no: 'T1' }),
      ).toMatchObject(TRADE)
    })

    it('a v3 GET meeting a timed-out token is repeated with the renewed one', async () => {
      const { world } = running
      await world.stub({ http_method: 'GET', path: '/v3/alipay/trade/query', body: TRADE })
      const merchant = await world.authorize(newMerchant())
      await world.advanceEmulatorClock(PAST_EXPIRY_SECONDS)
      const answer = await world.auth.curl(merchant, 'GET', '/v3/alipay/trade/query')
      expect(answer.body).toEqual(TRADE)
    })

    it('a v3 POST meeting a timed-out token reaches the gateway once, and rejects saying the token was renewed', async () => {
      const { world } = running
      const path = '/v3/alipay/trade/create'
      await world.stub({ http_method: 'POST', path, body: TRADE })
      const merchant = await world.authorize(newMerchant())
      await world.advanceEmulatorClock(PAST_EXPIRY_SECONDS)
      const before = await world.received('alipay.trade.create')
      const error = await failure(world.auth.curl(merchant, 'POST', path, { body: {} }))
      expect(error).toBeInstanceOf(AlipayTokenRenewedError)
      expect(await world.received('alipay.trade.create')).toBe(before + 1)
      expect((await world.auth.curl(merchant, 'POST', path, { body: {} })).body).toEqual(TRADE)
    })

    it('a refusal Alipay does not confirm when asked (the token still valid) rejects as it came, with no refresh and no repeat', async () => {
      const { world } = running
      await world.stub({ method: 'alipay.trade.query', response: TRADE })
      const merchant = await world.authorize(newMerchant())
      const token = (await world.auth.getMerchant(merchant))?.appAuthToken
      // One answer of aop.invalid-app-auth-token that the token's own state does not explain.
      await world.alipay.admin.faults({
        kind: 'business_error',
        method: 'alipay.trade.query',
        sub_code: 'aop.invalid-app-auth-token',
        times: 1,
      })
      const refreshesBefore = await world.received('alipay.open.auth.token.app', 'refresh_token')
      const callsBefore = await world.received('alipay.trade.query')
      const error = await failure(world.auth.exec(merchant, 'alipay.trade.query', {}))
      expect(error).toBeInstanceOf(AlipayApiError)
      expect(error).toMatchObject({ subCode: 'aop.invalid-app-auth-token' })
      expect(await world.received('alipay.trade.query')).toBe(callsBefore + 1)
      expect(await world.received('alipay.open.auth.token.app', 'refresh_token')).toBe(
        refreshesBefore,
      )
      expect(await world.auth.getMerchant(merchant)).toMatchObject({
        status: 'active',
        appAuthToken: token,
      })
    })

    it('a merchant that cancelled is marked when its token and refresh token are both refused', async () => {
      const { world } = running
      await world.stub({ method: 'alipay.trade.query', response: TRADE })
      const merchant = await world.authorize(newMerchant())
      await world.alipay.admin.cancel({
        app_id: world.appId,
        user_id: `2088${merchant.slice(-12)}`,
      })
      const error = await failure(world.auth.exec(merchant, 'alipay.trade.query', {}))
      expect(error).toBeInstanceOf(AlipayReauthorizationRequiredError)
      expect(error).toMatchObject({ reason: 'refresh-token-dead', authAppId: merchant })
      expect(await world.auth.getMerchant(merchant)).toMatchObject({
        status: 'needs-reauthorization',
      })
    })
  },
)
