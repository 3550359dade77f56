import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toPem } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { MockCertificateAuthority } from '@alipay-isv/mock-alipay'
import { beforeAll, describe, expect, it } from 'vitest'
import { readExampleConfig } from '../src/config.js'

const appKeys = testKeyPair('app')
const alipayKeys = testKeyPair('alipay')
const base = { ALIPAY_APP_ID: '2021000000000001', ALIPAY_PRIVATE_KEY: toPem(appKeys.privateKey) }

let ca: MockCertificateAuthority
let certs: { ALIPAY_APP_CERT: string; ALIPAY_PUBLIC_CERT: string; ALIPAY_ROOT_CERT: string }
beforeAll(async () => {
  ca = await MockCertificateAuthority.create({ alipayPublicKey: toPem(alipayKeys.publicKey) })
  certs = {
    ALIPAY_APP_CERT: ca.issueAppCert(toPem(appKeys.publicKey), base.ALIPAY_APP_ID).certPem,
    ALIPAY_PUBLIC_CERT: ca.alipayCertPem,
    ALIPAY_ROOT_CERT: ca.rootCertPem,
  }
})

describe('certificate mode from the environment', () => {
  it('is selected by the three certificates, given inline or as files, instead of ALIPAY_PUBLIC_KEY', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trust-mode-'))
    await writeFile(join(dir, 'alipayRootCert.crt'), certs.ALIPAY_ROOT_CERT)
    const config = readExampleConfig({
      ...base,
      ALIPAY_APP_CERT: certs.ALIPAY_APP_CERT,
      ALIPAY_PUBLIC_CERT: certs.ALIPAY_PUBLIC_CERT,
      ALIPAY_ROOT_CERT_FILE: join(dir, 'alipayRootCert.crt'),
    })
    expect(config.alipay.alipayPublicKey).toBeUndefined()
    expect(config.alipay.certificates).toEqual({
      appCert: certs.ALIPAY_APP_CERT.trim(), // inline values are trimmed, as every variable is
      alipayPublicCert: certs.ALIPAY_PUBLIC_CERT.trim(),
      alipayRootCert: certs.ALIPAY_ROOT_CERT,
    })
    expect(config.trust).toMatchObject({
      mode: 'certificate',
      alipayCertSns: [ca.alipayCertSn],
      alipayRootCertSn: ca.rootCertSn,
    })
  })

  it('lists every Alipay signing certificate of ALIPAY_PUBLIC_CERT (several while Alipay rotates), not its CA', () => {
    const next = ca.issueAlipayCert(toPem(testKeyPair('another').publicKey))
    const bundle = [certs.ALIPAY_PUBLIC_CERT, next.certPem, certs.ALIPAY_ROOT_CERT].join('\n')
    const config = readExampleConfig({ ...base, ...certs, ALIPAY_PUBLIC_CERT: bundle })
    expect(config.trust).toMatchObject({ alipayCertSns: [ca.alipayCertSn, next.sn] })
  })

  it('keeps public-key mode when no certificate variable is set', () => {
    const config = readExampleConfig({ ...base, ALIPAY_PUBLIC_KEY: toPem(alipayKeys.publicKey) })
    expect(config.trust.mode).toBe('public-key')
    expect(config.alipay.certificates).toBeUndefined()
  })

  it.each([
    [
      { ALIPAY_ROOT_CERT: undefined },
      'Certificate mode needs all three of ALIPAY_APP_CERT, ALIPAY_PUBLIC_CERT and ALIPAY_ROOT_CERT (each also as …_FILE); ALIPAY_ROOT_CERT is not set',
    ],
    [
      { ALIPAY_PUBLIC_CERT: undefined, ALIPAY_ROOT_CERT: undefined },
      'ALIPAY_PUBLIC_CERT and ALIPAY_ROOT_CERT are not set',
    ],
    [
      {
        ALIPAY_APP_CERT: undefined,
        ALIPAY_APP_CERT_FILE: '/nowhere/app.crt',
        ALIPAY_ROOT_CERT: undefined,
      },
      'ALIPAY_ROOT_CERT is not set',
    ],
    [
      { ALIPAY_PUBLIC_KEY: 'any' },
      'Both modes are configured: ALIPAY_PUBLIC_KEY selects public-key mode, ALIPAY_APP_CERT, ALIPAY_PUBLIC_CERT, ALIPAY_ROOT_CERT certificate mode',
    ],
    [
      {
        ALIPAY_PUBLIC_KEY_FILE: '/any.pem',
        ALIPAY_PUBLIC_CERT: undefined,
        ALIPAY_ROOT_CERT: undefined,
      },
      'Both modes are configured: ALIPAY_PUBLIC_KEY selects public-key mode, ALIPAY_APP_CERT certificate mode',
    ],
    [{ ALIPAY_APP_CERT_FILE: '/x.crt' }, 'Both ALIPAY_APP_CERT and ALIPAY_APP_CERT_FILE are set'],
    [{ ALIPAY_ROOT_CERT: 'not a certificate' }, 'ALIPAY_ROOT_CERT holds no PEM certificate'],
    [
      { ALIPAY_PUBLIC_CERT: undefined, ALIPAY_PUBLIC_CERT_FILE: '/nowhere/alipay.crt' },
      'ALIPAY_PUBLIC_CERT_FILE=/nowhere/alipay.crt cannot be read (ENOENT)',
    ],
  ])('refuses %o, naming the variables', (override, message) => {
    expect(() => readExampleConfig({ ...base, ...certs, ...override })).toThrow(message)
  })

  it('refuses an app certificate issued for another key pair than ALIPAY_PRIVATE_KEY', () => {
    const stranger = testKeyPair('stranger').publicKey
    const appCert = ca.issueAppCert(toPem(stranger), base.ALIPAY_APP_ID).certPem
    expect(() => readExampleConfig({ ...base, ...certs, ALIPAY_APP_CERT: appCert })).toThrow(
      'ALIPAY_APP_CERT does not hold the public key of ALIPAY_PRIVATE_KEY',
    )
  })
})
