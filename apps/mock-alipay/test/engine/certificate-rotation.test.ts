import { AlipayClient, AlipaySignatureError } from '@alipay-isv/core'
import { manualClock } from '@alipay-isv/core/testing'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MockCertificateAuthority } from '../../src/certificate-authority.js'
import { admin } from '../support/admin.js'
import { callV2, testAppKeys } from '../support/alipay-client.js'
import { inProcessEngine, sharedAlipayKeys } from '../support/in-process-engine.js'

/**
 * Certificate rotation (docs/protocol.md §5) end to end: core's AlipayClient, configured with the
 * certificates of the day it was set up, against an emulator that rotates its Alipay certificate.
 */
const APP_ID = '2021000000000088'
const DOWNLOAD = 'alipay.open.app.alipaycert.download'
let authority: MockCertificateAuthority
const clock = manualClock(Date.now())
const engineClock = { now: clock }
let emulator: ReturnType<typeof inProcessEngine>
let configured: { appCert: string; alipayPublicCert: string; alipayRootCert: string }

beforeAll(async () => {
  authority = await MockCertificateAuthority.create({
    alipayPublicKey: sharedAlipayKeys().publicKey,
  })
})

beforeEach(async () => {
  emulator = inProcessEngine({ certificateAuthority: authority, clock: engineClock })
  const app = await admin(emulator).registerApp({
    app_id: APP_ID,
    public_key: testAppKeys().publicKeyPem,
  })
  const keys = (await admin(emulator).call('GET', '/keys')).json as Record<string, string>
  configured = {
    appCert: app.app_cert as string,
    alipayPublicCert: keys.alipay_public_cert as string,
    alipayRootCert: keys.alipay_root_cert as string,
  }
})

function client(clientClock: () => number = clock) {
  return new AlipayClient({
    appId: APP_ID,
    privateKey: testAppKeys().privateKey,
    certificates: configured,
    gateway: `${emulator.baseUrl}/gateway.do`,
    fetch: emulator.fetch,
    clock: clientClock,
  })
}

async function rotate(body: Record<string, unknown> = {}) {
  return (await admin(emulator).call('POST', '/keys/rotate', body)).json
}

async function exchange(target: AlipayClient) {
  const { app_auth_code } = await admin(emulator).authorize({ app_id: APP_ID })
  return target.exchangeCode(app_auth_code)
}

const downloads = async () =>
  (await admin(emulator).requests()).filter((entry) => entry.method === DOWNLOAD)

describe('Alipay certificate rotation', () => {
  it('signs with a new certificate after a rotation, which a client downloads once and trusts', async () => {
    const before = configured.alipayPublicCert
    const rotated = await rotate()
    expect(rotated.alipay_public_cert).not.toBe(before)
    expect(rotated.previous_alipay_cert_sn).not.toBe(rotated.alipay_cert_sn)
    const target = client()
    await expect(exchange(target)).resolves.toHaveLength(1)
    await expect(exchange(target)).resolves.toHaveLength(1)
    expect(await downloads()).toHaveLength(1)
  })

  it('downloads one certificate for 20 concurrent answers signed with it', async () => {
    await rotate()
    const target = client()
    const grants = await Promise.all(Array.from({ length: 20 }, () => exchange(target)))
    expect(grants).toHaveLength(20)
    expect(await downloads()).toHaveLength(1)
  })

  it('serves every certificate it signed with by SN, the old one as well as the new one', async () => {
    const first = (await admin(emulator).call('GET', '/keys')).json.alipay_cert_sn as string
    const second = (await rotate()).alipay_cert_sn as string
    for (const sn of [first, second]) {
      const answer = await callV2(emulator, {
        appId: APP_ID,
        method: DOWNLOAD,
        biz: { alipay_cert_sn: sn },
      })
      const pem = Buffer.from(String(answer.node.alipay_cert_content), 'base64').toString('utf8')
      expect(pem).toContain('-----BEGIN CERTIFICATE-----')
      expect(answer.verified).toBe(false)
    }
  })

  it('answers an unknown SN with isv.invalid-parameter', async () => {
    const answer = await callV2(emulator, {
      appId: APP_ID,
      method: DOWNLOAD,
      biz: { alipay_cert_sn: '00000000000000000000000000000000' },
    })
    expect(answer.node).toMatchObject({ code: '40002', sub_code: 'isv.invalid-parameter' })
  })

  it('serves, when told, a certificate from an unknown CA, which a client refuses with the answer', async () => {
    await rotate({ untrusted: true })
    const error = await exchange(client()).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AlipaySignatureError)
    expect((error as Error).message).toContain('does not chain to the configured Alipay root')
  })

  it('has a client refuse a rotated certificate that has expired by its clock', async () => {
    await rotate()
    const elevenYears = 11 * 365 * 24 * 3600 * 1000
    clock.advance(elevenYears)
    try {
      const error = await exchange(client()).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(AlipaySignatureError)
      expect((error as Error).message).toContain('expired on')
    } finally {
      clock.advance(-elevenYears)
    }
  })

  it('has a client report a failed download clearly and use nothing from the answer', async () => {
    await rotate()
    await admin(emulator).addFault({ kind: 'http_error', status: 503, method: DOWNLOAD })
    const error = await exchange(client()).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(AlipaySignatureError)
    expect((error as Error).message).toContain('downloading it failed')
    expect((error as Error).message).toContain('HTTP 503')
  })

  it('goes back to its first certificate on reset', async () => {
    const first = (await admin(emulator).call('GET', '/keys')).json.alipay_cert_sn
    await rotate()
    await admin(emulator).call('POST', '/reset')
    expect((await admin(emulator).call('GET', '/keys')).json.alipay_cert_sn).toBe(first)
  })

  it('refuses to rotate without a certificate authority', async () => {
    const plain = inProcessEngine()
    const answer = await admin(plain).call('POST', '/keys/rotate', {})
    expect(answer.status).toBe(409)
    expect(answer.json).toMatchObject({ error: { field: 'certificate_authority' } })
  })
})
