import { tokenFingerprint } from '@alipay-isv/example-kit'
import type { FaultSpec } from '@alipay-isv/mock-alipay'
import { describe, expect, it } from 'vitest'
import { errorShown, merchantRows } from './support/pages.js'
import { startWorld } from './support/world.js'

const TOKEN_API = 'alipay.open.auth.token.app'
const merchant = { userId: '2088101122334455', authAppId: '2021004100000001' }

interface FaultCase {
  name: string
  spec: FaultSpec
  status: number
  code: string
}

const exchangeFaults: FaultCase[] = [
  {
    name: 'latency beyond the app’s timeout',
    spec: { kind: 'latency', latency_ms: 6000 },
    status: 502,
    code: 'ALIPAY_UNREACHABLE',
  },
  {
    name: 'HTTP 503',
    spec: { kind: 'http_error', status: 503 },
    status: 502,
    code: 'ALIPAY_UNTRUSTED_RESPONSE',
  },
  { name: 'a connection reset', spec: { kind: 'reset' }, status: 502, code: 'ALIPAY_UNREACHABLE' },
  {
    name: 'a garbled body',
    spec: { kind: 'garbled' },
    status: 502,
    code: 'ALIPAY_UNTRUSTED_RESPONSE',
  },
  {
    name: 'a bad signature',
    spec: { kind: 'bad_signature' },
    status: 502,
    code: 'ALIPAY_UNTRUSTED_RESPONSE',
  },
]

describe.each(['fastify', 'koa'] as const)(
  'example-%s while mock-alipay injects faults',
  (name) => {
    // No notify URL: only the callback's own exchange can store a token here.
    const running = startWorld(name, { notify: false, env: { ALIPAY_TIMEOUT_MS: '2500' } })

    const rows = async () => merchantRows((await running.world.page('/merchants')).html)

    it.each(exchangeFaults)(
      'with $name on the code exchange, the callback shows a clear error page, stores nothing, and works once the fault is cleared',
      async ({ spec, status, code }) => {
        const before = await rows()
        await running.world.alipay.admin.faults({ ...spec, method: TOKEN_API })
        const callback = await running.world.authorize(merchant.userId)
        const html = await callback.text()
        expect(callback.status).toBe(status)
        expect(callback.headers.get('content-type')).toMatch(/^text\/html/)
        expect(errorShown(html)).toEqual({
          code,
          message: expect.stringContaining('nothing was stored'),
        })
        expect(await rows()).toEqual(before)

        await running.world.alipay.admin.clearFaults()
        expect((await running.world.authorize(merchant.userId)).status).toBe(302)
        const stored = (await rows()).find((row) => row.authAppId === merchant.authAppId)
        expect(stored?.fingerprint).toBe(
          tokenFingerprint(running.world.emulatorToken(merchant.authAppId) ?? ''),
        )
      },
    )

    it('with a bad signature on a refresh, Refresh shows a clear error page and keeps the stored token', async () => {
      const before = await rows()
      await running.world.advanceClock(60) // past minRefreshIntervalMs, so Refresh asks Alipay
      await running.world.alipay.admin.faults({ kind: 'bad_signature', method: TOKEN_API })
      const refreshed = await running.world.press(`/merchants/${merchant.authAppId}/refresh`)
      expect(refreshed.status).toBe(502)
      expect(errorShown(refreshed.html)?.code).toBe('ALIPAY_UNTRUSTED_RESPONSE')
      expect(await rows()).toEqual(before)

      await running.world.alipay.admin.clearFaults()
      expect((await running.world.press(`/merchants/${merchant.authAppId}/refresh`)).status).toBe(
        200,
      )
      const after = (await rows()).find((row) => row.authAppId === merchant.authAppId)
      expect(after?.fingerprint).toBe(
        tokenFingerprint(running.world.emulatorToken(merchant.authAppId) ?? ''),
      )
    })
  },
)
