import { delay, HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { AlipayClient } from '../../src/client/alipay-client.js'
import { AlipayTimeoutError, AlipayTransportError } from '../../src/errors.js'
import { clientOptions, GATEWAY, useMockAlipay } from '../mocks.js'

const { alipay, server } = useMockAlipay()
const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

/** A fetch whose first call fails the way undici reports a refused connection. */
function refusingOnce(): typeof fetch {
  let refused = false
  return (input, init) => {
    if (refused) return globalThis.fetch(input, init)
    refused = true
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), {
      code: 'ECONNREFUSED',
    })
    return Promise.reject(new TypeError('fetch failed', { cause }))
  }
}

/** Fails the first `times` gateway requests with `failure`, then lets the mock answer. */
function failFirst(times: number, failure: () => Response | Promise<Response>) {
  let failed = 0
  let requests = 0
  server.use(
    http.post(GATEWAY, () => {
      requests++
      if (failed >= times) return undefined
      failed++
      return failure()
    }),
  )
  return { requests: () => requests }
}

describe('retries', () => {
  it('retries a refresh after a 502 and succeeds', async () => {
    const gateway = failFirst(1, () => HttpResponse.text('Bad Gateway', { status: 502 }))
    const [grant] = await new AlipayClient(clientOptions()).refreshToken('refresh')
    expect(grant?.authAppId).toBe('2021000000000001')
    expect(gateway.requests()).toBe(2)
  })

  it('retries a query after a connection reset', async () => {
    const gateway = failFirst(1, () => HttpResponse.error())
    await new AlipayClient(clientOptions()).queryToken('token')
    expect(gateway.requests()).toBe(2)
  })

  it('gives up on a refresh after two retries', async () => {
    const gateway = failFirst(10, () => HttpResponse.text('unavailable', { status: 503 }))
    const error = await reason(new AlipayClient(clientOptions()).refreshToken('refresh'))
    expect(error).toMatchObject({ name: 'AlipayResponseError', httpStatus: 503 })
    expect(gateway.requests()).toBe(3)
  })

  it('never retries a code exchange after the request was sent (a code is single-use)', async () => {
    const gateway = failFirst(1, () => HttpResponse.error())
    const error = await reason(new AlipayClient(clientOptions()).exchangeCode('code'))
    expect(error).toBeInstanceOf(AlipayTransportError)
    expect((error as AlipayTransportError).beforeSend).toBe(false)
    expect(gateway.requests()).toBe(1)
  })

  it('never retries a code exchange after a 502', async () => {
    const gateway = failFirst(1, () => HttpResponse.text('Bad Gateway', { status: 502 }))
    await reason(new AlipayClient(clientOptions()).exchangeCode('code'))
    expect(gateway.requests()).toBe(1)
  })

  it('retries a code exchange when the connection was refused before anything was sent', async () => {
    const client = new AlipayClient(clientOptions({ fetch: refusingOnce() }))
    await expect(client.exchangeCode('code')).resolves.toHaveLength(1)
    expect(alipay.count('authorization_code')).toBe(1)
  })
})

describe('timeouts', () => {
  it('fails a call that gets no answer within timeoutMs with an AlipayTimeoutError', async () => {
    server.use(http.post(GATEWAY, () => delay('infinite')))
    const client = new AlipayClient(clientOptions({ timeoutMs: 20 }))
    const error = await reason(client.exchangeCode('code'))
    expect(error).toBeInstanceOf(AlipayTimeoutError)
    expect((error as Error).message).toContain('timeoutMs')
  })

  it('retries a refresh that timed out', async () => {
    const gateway = failFirst(1, () => delay('infinite') as Promise<never>)
    const client = new AlipayClient(clientOptions({ timeoutMs: 50 }))
    await expect(client.refreshToken('refresh')).resolves.toHaveLength(1)
    expect(gateway.requests()).toBe(2)
  })
})
