import { AlipayReauthorizationRequiredError, AlipayTokenRenewedError } from '@alipay-isv/core'
import { AlipayRequestError } from 'alipay-sdk'
import { describe, expect, it } from 'vitest'
import { forMerchant } from '../src/index.js'
import { failure, PAST_EXPIRY_SECONDS, TRADE, useMerchantWorld } from './support/merchant-world.js'

/**
 * `forMerchant` over the official SDK against the emulator: the token where the SDK puts it,
 * the SDK's own results, and the recovery of `auth.exec`, in both trust modes and both
 * `camelcase` settings.
 */
let merchants = 0
const newMerchant = () => `2021009700${String(++merchants).padStart(6, '0')}`

describe.each(['public-key', 'certificate'] as const)('forMerchant, %s mode', (mode) => {
  const running = useMerchantWorld(mode)

  describe.each([true, false])('sdk camelcase: %s', (camelcase) => {
    const subCodeOf = (result: Record<string, unknown>) =>
      camelcase ? result.subCode : result.sub_code

    it('exec calls for the merchant and resolves with the SDK result', async () => {
      const { world } = running
      const authAppId = await world.authorize(newMerchant())
      // Answered only for this merchant: a call without its token would run as the ISV's own.
      await world.stub({ method: 'alipay.trade.query', response: TRADE, auth_app_id: authAppId })
      const merchant = forMerchant(world.sdk({ camelcase }), world.auth, authAppId)
      const result = await merchant.exec('alipay.trade.query', {
        bizContent: { outTradeNo: 'T1' },
        appAuthToken: 'a stale token the caller passed',
      })
      expect(result).toMatchObject({
        code: '10000',
        [camelcase ? 'tradeNo' : 'trade_no']: TRADE.trade_no,
      })
    })

    it('exec resolves with a business failure, as the SDK does', async () => {
      const { world } = running
      const refusal = { code: '40004', sub_code: 'ACQ.TRADE_NOT_EXIST', sub_msg: '交易不存在' }
      await world.stub({ method: 'alipay.trade.cancel', response: refusal })
      const merchant = forMerchant(
        world.sdk({ camelcase }),
        world.auth,
        await world.authorize(newMerchant()),
      )
      const result = await merchant.exec('alipay.trade.cancel', { bizContent: {} })
      expect(result.code).toBe('40004')
      expect(subCodeOf(result)).toBe('ACQ.TRADE_NOT_EXIST')
    })

    it('exec renews a timed-out token once for 100 concurrent .query calls and answers each', async () => {
      const { world } = running
      await world.stub({ method: 'alipay.trade.query', response: TRADE })
      const authAppId = await world.authorize(newMerchant())
      const merchant = forMerchant(world.sdk({ camelcase }), world.auth, authAppId)
      await world.advanceEmulatorClock(PAST_EXPIRY_SECONDS)
      const before = await world.received('alipay.open.auth.token.app', 'refresh_token')
      const results = await Promise.all(
        Array.from({ length: 100 }, () => merchant.exec('alipay.trade.query', { bizContent: {} })),
      )
      expect(results.every((result) => result.code === '10000')).toBe(true)
      expect(await world.received('alipay.open.auth.token.app', 'refresh_token')).toBe(before + 1)
    })

    it('exec of a call that is not idempotent reaches the gateway once and rejects with AlipayTokenRenewedError', async () => {
      const { world } = running
      await world.stub({ method: 'alipay.trade.create', response: TRADE })
      const authAppId = await world.authorize(newMerchant())
      const merchant = forMerchant(world.sdk({ camelcase }), world.auth, authAppId)
      await world.advanceEmulatorClock(PAST_EXPIRY_SECONDS)
      const before = await world.received('alipay.trade.create')
      const error = await failure(merchant.exec('alipay.trade.create', { bizContent: {} }))
      expect(error).toBeInstanceOf(AlipayTokenRenewedError)
      expect(await world.received('alipay.trade.create')).toBe(before + 1)
    })

    it('exec of an API not granted rejects with api-not-granted', async () => {
      const { world } = running
      await world.stub({ method: 'alipay.trade.refund', response: {} })
      const authAppId = await world.authorize(newMerchant(), ['alipay.trade.query'])
      const merchant = forMerchant(world.sdk({ camelcase }), world.auth, authAppId)
      const error = await failure(merchant.exec('alipay.trade.refund', { bizContent: {} }))
      expect(error).toBeInstanceOf(AlipayReauthorizationRequiredError)
      expect(error).toMatchObject({ reason: 'api-not-granted' })
      expect((await world.auth.getMerchant(authAppId))?.status).toBe('active')
    })
  })

  it('curl calls for the merchant and resolves with the SDK result', async () => {
    const { world } = running
    const authAppId = await world.authorize(newMerchant())
    const path = '/v3/alipay/trade/query'
    await world.stub({ http_method: 'GET', path, body: TRADE, auth_app_id: authAppId })
    const merchant = forMerchant(world.sdk(), world.auth, authAppId)
    const result = await merchant.curl('GET', path, { query: { out_trade_no: 'T1' } })
    expect(result).toMatchObject({ responseHttpStatus: 200, data: TRADE })
  })

  it('curl throws the SDK error for a business failure', async () => {
    const { world } = running
    const body = { code: 'ACQ.TRADE_NOT_EXIST', message: '交易不存在' }
    await world.stub({ http_method: 'POST', path: '/v3/alipay/trade/cancel', status: 400, body })
    const merchant = forMerchant(world.sdk(), world.auth, await world.authorize(newMerchant()))
    const error = await failure(merchant.curl('POST', '/v3/alipay/trade/cancel', { body: {} }))
    expect(error).toBeInstanceOf(AlipayRequestError)
    expect(error).toMatchObject({ code: 'ACQ.TRADE_NOT_EXIST', responseHttpStatus: 400 })
  })

  it('curl repeats a GET with the renewed token, and does not repeat a POST', async () => {
    const { world } = running
    await world.stub({ http_method: 'GET', path: '/v3/alipay/trade/query', body: TRADE })
    await world.stub({ http_method: 'POST', path: '/v3/alipay/trade/create', body: TRADE })
    const authAppId = await world.authorize(newMerchant())
    const merchant = forMerchant(world.sdk(), world.auth, authAppId)
    await world.advanceEmulatorClock(PAST_EXPIRY_SECONDS)
    const before = await world.received('alipay.trade.create')
    const error = await failure(merchant.curl('POST', '/v3/alipay/trade/create', { body: {} }))
    expect(error).toBeInstanceOf(AlipayTokenRenewedError)
    expect((error as Error).cause).toBeInstanceOf(AlipayRequestError)
    expect(await world.received('alipay.trade.create')).toBe(before + 1)
    await world.advanceEmulatorClock(PAST_EXPIRY_SECONDS)
    expect((await merchant.curl('GET', '/v3/alipay/trade/query')).data).toEqual(TRADE)
  })

  it('curl of an API not granted rejects with api-not-granted', async () => {
    const { world } = running
    await world.stub({ http_method: 'POST', path: '/v3/alipay/trade/refund', body: {} })
    const authAppId = await world.authorize(newMerchant(), ['alipay.trade.query'])
    const merchant = forMerchant(world.sdk(), world.auth, authAppId)
    const error = await failure(merchant.curl('POST', '/v3/alipay/trade/refund', { body: {} }))
    expect(error).toMatchObject({ reason: 'api-not-granted' })
  })

  it('sdkExecute and pageExecute sign the merchant token as app_auth_token', async () => {
    const { world } = running
    const authAppId = await world.authorize(newMerchant())
    const token = (await world.auth.getMerchant(authAppId))?.appAuthToken ?? ''
    const merchant = forMerchant(world.sdk(), world.auth, authAppId)
    const order = await merchant.sdkExecute('alipay.trade.app.pay', {
      bizContent: { outTradeNo: 'T1' },
      appAuthToken: 'a stale token the caller passed',
    })
    expect(new URLSearchParams(order).get('app_auth_token')).toBe(token)
    const link = await merchant.pageExecute('alipay.trade.page.pay', 'GET', { bizContent: {} })
    expect(new URL(link).searchParams.get('app_auth_token')).toBe(token)
    const form = await merchant.pageExecute('alipay.trade.page.pay', { bizContent: {} })
    expect(form).toContain(token)
  })
})
