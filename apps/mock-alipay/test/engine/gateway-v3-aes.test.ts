import { aesEncrypt, signV3Request } from '@alipay-isv/core/signer'
import { afterAll, describe, expect, it } from 'vitest'
import { newApp } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { callV3, testAppKeys, type V3Call } from '../support/alipay-client.js'
import { inProcessEngine } from '../support/in-process-engine.js'

const PATH = '/v3/alipay/open/auth/token/app'
const AES_KEY = Buffer.alloc(16, 9).toString('base64')

const emulator = inProcessEngine()
afterAll(() => emulator.engine.close())

const exchangeBody = async (appId: string) => {
  const { app_auth_code } = await admin(emulator).authorize({ app_id: appId })
  return { grant_type: 'authorization_code', code: app_auth_code }
}

/** An encrypted code exchange with a fresh code; `call` overrides any part of it. */
const encryptedExchange = async (appId: string, call: Partial<V3Call> = {}) =>
  callV3(emulator, {
    appId,
    encryptKey: AES_KEY,
    httpMethod: 'POST',
    pathWithQuery: PATH,
    body: await exchangeBody(appId),
    ...call,
  })

describe('v3 with AES content encryption (docs/protocol.md §6)', () => {
  it('decrypts a text/plain body sent with alipay-encrypt-type AES and answers ciphertext signed as sent', async () => {
    const appId = await newApp(emulator, { aes_key: AES_KEY })
    const result = await encryptedExchange(appId)
    expect(result).toMatchObject({ status: 200, verified: true })
    expect(result.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(result.text).not.toContain('app_auth_token')
    expect((result.data.tokens as unknown[])[0]).toHaveProperty('app_auth_token')
  })

  it('answers an error to an encrypted request as plain signed JSON', async () => {
    const appId = await newApp(emulator, { aes_key: AES_KEY })
    const result = await encryptedExchange(appId, {
      body: { grant_type: 'authorization_code', code: 'unknown' },
    })
    expect(result).toMatchObject({ status: 400, verified: true })
    expect(JSON.parse(result.text)).toMatchObject({ code: 'AUTH_CODE_NOT_EXIST' })
  })

  it('verifies the signature over the ciphertext as sent, so signing the plaintext gets invalid-signature, quoting the string without the ciphertext', async () => {
    const appId = await newApp(emulator, { aes_key: AES_KEY })
    const plaintext = JSON.stringify(await exchangeBody(appId))
    const ciphertext = aesEncrypt(plaintext, AES_KEY)
    const { authorization } = signV3Request(
      { appId },
      { method: 'POST', pathWithQuery: PATH, body: plaintext },
      testAppKeys().privateKey,
    )
    const response = await emulator.fetch(`${emulator.baseUrl}${PATH}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'text/plain', 'alipay-encrypt-type': 'AES' },
      body: ciphertext,
    })
    expect(response.status).toBe(401)
    const answer = (await response.json()) as { code: string; message: string }
    expect(answer.code).toBe('invalid-signature')
    // With the AES key the ciphertext reads as the code: the quote masks it, in the log too.
    expect(answer.message).toContain(
      `\nPOST\n${PATH}\n<AES ciphertext of ${ciphertext.length} characters, not quoted>\n`,
    )
    expect(answer.message).not.toContain(ciphertext)
    const [entry] = (await admin(emulator).requests()).slice(-1)
    expect(entry?.verification?.signed_string).toContain(`<AES ciphertext of ${ciphertext.length}`)
    expect(JSON.stringify(entry)).not.toContain(ciphertext)
  })

  it.each([
    ['sent as application/json', AES_KEY, { 'content-type': 'application/json' }, 'text/plain'],
    [
      'encrypted under another key',
      Buffer.alloc(16, 1).toString('base64'),
      {},
      'does not decrypt with the app’s aes_key',
    ],
  ])(
    'an AES body %s is a signed 400 invalid-parameter saying why',
    async (_, key, headers, why) => {
      const appId = await newApp(emulator, { aes_key: AES_KEY })
      const result = await encryptedExchange(appId, {
        encryptKey: key,
        headers,
        // A fixed body: under a wrong key, the padding check fails the same way every run.
        body: { grant_type: 'authorization_code', code: 'fixed' },
      })
      expect(result).toMatchObject({
        status: 400,
        verified: true,
        data: { code: 'invalid-parameter' },
      })
      expect(result.data.message).toContain(why)
    },
  )

  it('an AES request from an app with no aes_key registered is invalid-parameter', async () => {
    const appId = await newApp(emulator)
    const result = await encryptedExchange(appId)
    expect(result.data).toMatchObject({ code: 'invalid-parameter' })
    expect(result.data.message).toContain('no aes_key registered')
  })
})
