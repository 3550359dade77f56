import { toPem } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { describe, expect, it } from 'vitest'
import { bareEnv, startFailure } from './support/startup.js'
import { STARTUP_TIMEOUT_MS } from './support/world.js'

const privateKeyPem = toPem(testKeyPair('app').privateKey)

describe.each(['fastify', 'koa'] as const)('example-%s configuration', (name) => {
  it(
    'refuses to start without ALIPAY_APP_ID, naming it, with exit code 1',
    async () => {
      const message = await startFailure(name, bareEnv())
      expect(message).toContain('exited (1)')
      expect(message).toContain('ALIPAY_APP_ID is not set')
    },
    STARTUP_TIMEOUT_MS,
  )

  it(
    'names the variable whose key cannot be parsed',
    async () => {
      const message = await startFailure(
        name,
        bareEnv({
          ALIPAY_APP_ID: '2021000000000001',
          ALIPAY_PRIVATE_KEY: 'not a key',
          ALIPAY_PUBLIC_KEY: 'not a key either',
        }),
      )
      expect(message).toContain('exited (1)')
      expect(message).toMatch(/ALIPAY_PRIVATE_KEY is .*PKCS#1 PEM/)
    },
    STARTUP_TIMEOUT_MS,
  )

  it(
    'refuses a partial certificate-mode configuration, naming the missing variables',
    async () => {
      const message = await startFailure(
        name,
        bareEnv({
          ALIPAY_APP_ID: '2021000000000001',
          ALIPAY_PRIVATE_KEY: privateKeyPem,
          ALIPAY_APP_CERT_FILE: '/etc/alipay/appCertPublicKey.crt',
        }),
      )
      expect(message).toContain('exited (1)')
      expect(message).toContain(
        'Certificate mode needs all three of ALIPAY_APP_CERT, ALIPAY_PUBLIC_CERT and ALIPAY_ROOT_CERT (each also as …_FILE); ALIPAY_PUBLIC_CERT and ALIPAY_ROOT_CERT are not set',
      )
    },
    STARTUP_TIMEOUT_MS,
  )

  it(
    'refuses public-key and certificate mode at once, naming both',
    async () => {
      const message = await startFailure(
        name,
        bareEnv({
          ALIPAY_APP_ID: '2021000000000001',
          ALIPAY_PRIVATE_KEY: privateKeyPem,
          ALIPAY_PUBLIC_KEY_FILE: '/etc/alipay/alipay-public-key.pem',
          ALIPAY_APP_CERT: 'x',
          ALIPAY_PUBLIC_CERT: 'x',
          ALIPAY_ROOT_CERT: 'x',
        }),
      )
      expect(message).toContain('exited (1)')
      expect(message).toContain(
        'Both modes are configured: ALIPAY_PUBLIC_KEY selects public-key mode, ALIPAY_APP_CERT, ALIPAY_PUBLIC_CERT, ALIPAY_ROOT_CERT certificate mode.',
      )
    },
    STARTUP_TIMEOUT_MS,
  )
})
