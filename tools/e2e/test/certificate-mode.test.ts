import { tokenFingerprint } from '@alipay-isv/example-kit'
import { describe, expect, it } from 'vitest'
import { errorShown, merchantRows, resultShown } from './support/pages.js'
import { startWorld, type World } from './support/world.js'

const merchant = { userId: '2088101122334455', authAppId: '2021004100000001' }
const CERT_DOWNLOAD = 'alipay.open.app.alipaycert.download'

/** Alipay signs certificate-mode answers with a new certificate: its serial number. */
async function rotateAlipayCertificate(world: World, untrusted = false): Promise<string> {
  const rotated = await world.alipay.admin.rotateCertificate({ untrusted })
  return rotated.alipay_cert_sn ?? ''
}

describe.each(['fastify', 'koa'] as const)('example-%s in certificate mode', (name) => {
  const running = startWorld(name, { mode: 'certificate' })

  const merchantRow = async () =>
    merchantRows((await running.world.page('/merchants')).html).find(
      (row) => row.authAppId === merchant.authAppId,
    )

  it('says so on its pages, naming the certificates the emulator issued', async () => {
    const keys = await running.world.alipay.admin.keys()
    expect((await running.world.page('/')).html).toContain('data-mode="certificate"')
    const { html } = await running.world.page('/merchants')
    expect(html).toContain(`<code class="root-sn">${keys.alipay_root_cert_sn}</code>`)
    expect(html).toContain(`data-alipay-cert-sn="${keys.alipay_cert_sn}"`)
  })

  it('a merchant authorizes: the callback exchanges the code and stores the token', async () => {
    const callback = await running.world.authorize(merchant.userId)
    expect(callback.status).toBe(302)
    expect(await merchantRow()).toMatchObject({
      status: 'active',
      fingerprint: tokenFingerprint(running.world.emulatorToken(merchant.authAppId) ?? ''),
    })
  })

  it('Refresh rotates the token and Query shows Alipay’s view of it', async () => {
    const before = await merchantRow()
    await running.world.advanceClock(60) // past minRefreshIntervalMs, so Refresh asks Alipay
    const refreshed = await running.world.press(`/merchants/${merchant.authAppId}/refresh`)
    expect(refreshed.status).toBe(200)
    const fingerprint = tokenFingerprint(running.world.emulatorToken(merchant.authAppId) ?? '')
    expect(fingerprint).not.toBe(before?.fingerprint)
    expect(resultShown(refreshed.html)).toContain(fingerprint)
    expect((await merchantRow())?.fingerprint).toBe(fingerprint)

    const queried = await running.world.press(`/merchants/${merchant.authAppId}/query`)
    expect(queried.status).toBe(200)
    expect(resultShown(queried.html)).toContain('<dd data-field="status">valid</dd>')
  })

  it('when Alipay rotates its certificate, Query downloads and trusts the new one, and /merchants shows the rotation', async () => {
    const sn = await rotateAlipayCertificate(running.world)
    const queried = await running.world.press(`/merchants/${merchant.authAppId}/query`)
    expect(queried.status, queried.html).toBe(200)
    const downloads = (await running.world.alipay.admin.requests()).filter(
      (entry) => entry.method === CERT_DOWNLOAD,
    )
    expect(downloads.map((entry) => entry.status)).toEqual([200])
    expect(queried.html).toMatch(
      new RegExp(`data-alipay-cert-sn="${sn}" class="rotated">.*Alipay rotated to it`),
    )
    expect(queried.html).toContain('<dd data-event="alipayCertificateLearned">1</dd>')
  })

  it('a rotation to a certificate that does not chain to the root is refused with a readable page, the token kept', async () => {
    const before = await merchantRow()
    await rotateAlipayCertificate(running.world, true)
    await running.world.advanceClock(60)
    const refreshed = await running.world.press(`/merchants/${merchant.authAppId}/refresh`)
    expect(refreshed.status).toBe(502)
    expect(errorShown(refreshed.html)).toEqual({
      code: 'ALIPAY_UNTRUSTED_RESPONSE',
      message: expect.stringContaining('could not be trusted'),
    })
    expect(await merchantRow()).toEqual(before)
  })
})

describe.each(['fastify', 'koa'] as const)(
  'example-%s with an app certificate Alipay does not know',
  (name) => {
    // No notify URL: the emulator's notification would store the merchant whatever the callback does.
    const running = startWorld(name, {
      mode: 'certificate',
      staleAppCert: true,
      notify: false,
      env: { NODE_ENV: 'development' },
    })

    it('the callback answers a readable page, in development quoting isv.app-cert-not-exist, not a 500, and stores nothing', async () => {
      const callback = await running.world.authorize(merchant.userId)
      expect(callback.status).toBe(502)
      expect(callback.headers.get('content-type')).toMatch(/^text\/html/)
      const html = await callback.text()
      expect(errorShown(html)?.code).toBe('ALIPAY_API_ERROR')
      expect(html).toMatch(/id="error-detail">For the developer: [^<]*isv\.app-cert-not-exist/)
      expect(merchantRows((await running.world.page('/merchants')).html)).toEqual([])
    })
  },
)
