import { parsePublicKey } from '@alipay-isv/core'
import { parseNotifyBody, verifyNotify } from '@alipay-isv/core/signer'
import { describe, expect, it, vi } from 'vitest'
import { newApp } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { inProcessEngine } from '../support/in-process-engine.js'

const NOTIFY_URL = 'https://isv.example/alipay/notify'

/** A notify endpoint that answers each delivery with the next of `answers` (then `success`). */
function notifyEndpoint(answers: (() => Response)[] = []) {
  const received: Record<string, string>[] = []
  const fetchImpl = (async (_url: string | URL | Request, init?: RequestInit) => {
    received.push(parseNotifyBody(String(init?.body)))
    return answers.shift()?.() ?? new Response('success')
  }) as typeof fetch
  return { received, fetchImpl }
}

describe('notifications (docs/protocol.md §7)', () => {
  it('authorization sends a signed open_app_auth_notify carrying the tokens and the code', async () => {
    const endpoint = notifyEndpoint()
    const emulator = inProcessEngine({ fetch: endpoint.fetchImpl })
    const appId = await newApp(emulator, { notify_url: NOTIFY_URL })
    const { app_auth_code } = await admin(emulator).authorize({ app_id: appId })
    await emulator.engine.settleNotifications()
    const [notice] = endpoint.received
    expect(verifyNotify(notice!, parsePublicKey(emulator.engine.keys.publicKeyPem))).toMatchObject({
      verified: true,
      rule: 'without-sign-type',
    })
    expect(notice).toMatchObject({
      notify_type: 'open_app_auth_notify',
      app_id: appId,
      auth_app_id: '2021004100000001',
    })
    expect(JSON.parse(notice!.biz_content!).detail).toMatchObject({
      app_auth_code,
      expires_in: 31536000,
      re_expires_in: 32140800,
    })
    await emulator.engine.close()
  })

  it('cancellation sends a signed alipay.open.auth.appauth.cancelled naming the merchant', async () => {
    const endpoint = notifyEndpoint()
    const emulator = inProcessEngine({ fetch: endpoint.fetchImpl })
    const appId = await newApp(emulator, { notify_url: NOTIFY_URL })
    await admin(emulator).authorize({ app_id: appId, user_id: '2088101122334455' })
    await admin(emulator).cancel(appId, '2088101122334455')
    await emulator.engine.settleNotifications()
    const cancelled = endpoint.received.find(
      (notice) => notice.msg_method === 'alipay.open.auth.appauth.cancelled',
    )
    expect(
      verifyNotify(cancelled!, parsePublicKey(emulator.engine.keys.publicKeyPem)).verified,
    ).toBe(true)
    expect(JSON.parse(cancelled!.biz_content!)).toMatchObject({
      user_id: '2088101122334455',
      auth_app_id: '2021004100000001',
    })
    await emulator.engine.close()
  })

  it('retries until the app answers success, and logs every attempt with its outcome', async () => {
    const endpoint = notifyEndpoint([
      () => new Response('fail'),
      () => new Response('oops', { status: 500 }),
    ])
    const emulator = inProcessEngine({ fetch: endpoint.fetchImpl, notifyRetryDelaysMs: [1, 1, 1] })
    await admin(emulator).authorize({ app_id: await newApp(emulator, { notify_url: NOTIFY_URL }) })
    await emulator.engine.settleNotifications()
    const attempts = (await admin(emulator).requests()).filter(
      (entry) => entry.direction === 'outbound',
    )
    expect(attempts.map((entry) => [entry.attempt, entry.status, entry.outcome])).toEqual([
      [1, 200, 'the app answered "fail", not "success"'],
      [2, 500, 'the app answered "oops", not "success"'],
      [3, 200, 'success'],
    ])
    expect(new Set(endpoint.received.map((notice) => notice.notify_id)).size).toBe(1)
    await emulator.engine.close()
  })

  it('gives up after the last retry delay', async () => {
    const failing = (async () => {
      throw new TypeError('connect ECONNREFUSED')
    }) as typeof fetch
    const emulator = inProcessEngine({ fetch: failing, notifyRetryDelaysMs: [1] })
    await admin(emulator).authorize({ app_id: await newApp(emulator, { notify_url: NOTIFY_URL }) })
    await emulator.engine.settleNotifications()
    const attempts = (await admin(emulator).requests()).filter(
      (entry) => entry.direction === 'outbound',
    )
    expect(attempts.map((entry) => entry.outcome)).toEqual([
      'delivery failed: connect ECONNREFUSED',
      'delivery failed: connect ECONNREFUSED',
    ])
    await emulator.engine.close()
  })

  it('POST /__admin/reset stops retries under way, and later authorizations notify again', async () => {
    const endpoint = notifyEndpoint([() => new Response('no')])
    const emulator = inProcessEngine({ fetch: endpoint.fetchImpl, notifyRetryDelaysMs: [60_000] })
    await admin(emulator).authorize({ app_id: await newApp(emulator, { notify_url: NOTIFY_URL }) })
    await vi.waitFor(() => expect(endpoint.received).toHaveLength(1))
    await admin(emulator).call('POST', '/reset')
    // Settles at once: the retry waiting 60 s is gone, and nothing about it is logged.
    await emulator.engine.settleNotifications()
    expect(await admin(emulator).requests()).toEqual([])
    await admin(emulator).authorize({ app_id: await newApp(emulator, { notify_url: NOTIFY_URL }) })
    await emulator.engine.settleNotifications()
    expect(endpoint.received).toHaveLength(2)
    await emulator.engine.close()
  })

  it('close() stops pending retries', async () => {
    const emulator = inProcessEngine({
      fetch: (async () => new Response('no')) as typeof fetch,
      notifyRetryDelaysMs: [60_000],
    })
    await admin(emulator).authorize({ app_id: await newApp(emulator, { notify_url: NOTIFY_URL }) })
    await emulator.engine.close()
    expect(
      (await admin(emulator).requests()).filter((entry) => entry.direction === 'outbound'),
    ).toHaveLength(1)
  })
})
