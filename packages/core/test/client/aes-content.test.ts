import { describe, expect, it } from 'vitest'
import { AlipayClient } from '../../src/client/alipay-client.js'
import { AlipayResponseError } from '../../src/errors.js'
import { aesDecrypt, aesEncrypt } from '../../src/signer/aes.js'
import { buildV2ResponseBody, v2ResponseNodeName } from '../../src/signer/v2-response.js'
import {
  alipayKeys,
  clientOptions,
  TOKEN_METHOD,
  tokenFields,
  useMockAlipay,
  v2Reply,
  v3Reply,
} from '../mocks.js'
import { readVectors } from '../signer/fixtures.js'

const { alipay } = useMockAlipay()
/** The reference key of docs/protocol.md §6, in the console's form: base64 of 16 bytes. */
const { aes } = readVectors()
/** Another valid key: the one in the console after someone changed it there. */
const OTHER_KEY = Buffer.alloc(16, 7).toString('base64')

const client = (api: 'v2' | 'v3') => new AlipayClient(clientOptions({ api, encryptKey: aes.key }))

describe('AES content encryption on the v2 gateway (docs/protocol.md §3, §6)', () => {
  it('sends biz_content encrypted with encrypt_type=AES, signed over the ciphertext', async () => {
    alipay.encryptKey = aes.key
    await client('v2').exchangeCode('code-aes')
    const { params, grant } = alipay.calls[0]!
    const plain = JSON.stringify({ grant_type: 'authorization_code', code: 'code-aes' })
    expect(params.encrypt_type).toBe('AES')
    expect(params.biz_content).toBe(aesEncrypt(plain, aes.key))
    expect(grant).toEqual({ grant_type: 'authorization_code', code: 'code-aes' })
  })

  it('reads an answer whose response node is an encrypted JSON string', async () => {
    alipay.encryptKey = aes.key
    const [grant] = await client('v2').exchangeCode('code-aes')
    expect(grant?.authAppId).toBe(tokenFields(1).auth_app_id)
  })

  it('decrypts the reference ciphertext when Alipay sends it as the response node', async () => {
    alipay.encryptKey = aes.key
    const node = JSON.stringify(aes.ciphertext)
    const body = buildV2ResponseBody(v2ResponseNodeName(TOKEN_METHOD), node, alipayKeys.privateKey)
    alipay.tokenAnswer = () => new Response(body)
    const data = await client('v2').execute(TOKEN_METHOD, { any: 'thing' })
    expect(data).toEqual(JSON.parse(aes.plaintext))
  })
})

describe('AES content encryption on the v3 API (docs/protocol.md §4, §6)', () => {
  it('sends the whole body encrypted as text/plain and reads the encrypted answer', async () => {
    alipay.encryptKey = aes.key
    const [grant] = await client('v3').exchangeCode('code-aes')
    const { params } = alipay.calls[0]!
    expect(params.contentType).toBe('text/plain')
    expect(aesDecrypt(params.body!, aes.key)).toBe(
      JSON.stringify({ grant_type: 'authorization_code', code: 'code-aes' }),
    )
    expect(grant?.authAppId).toBe(tokenFields(1).auth_app_id)
  })
})

describe('an answer encrypted with another key than encryptKey', () => {
  const answers = {
    v2: () => v2Reply(TOKEN_METHOD, { fields: tokenFields(1) }, 'valid', undefined, OTHER_KEY),
    v3: () => v3Reply({ fields: tokenFields(1) }, 'valid', undefined, OTHER_KEY),
  }

  it.each(['v2', 'v3'] as const)(
    'is refused (%s) with an AlipayResponseError naming encryptKey but no key',
    async (api) => {
      alipay.encryptKey = aes.key
      alipay.tokenAnswer = answers[api]
      const error = await client(api)
        .exchangeCode('code-aes')
        .catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(AlipayResponseError)
      const { message } = error as AlipayResponseError
      expect(message).toContain('encryptKey')
      for (const key of [aes.key, OTHER_KEY]) expect(message).not.toContain(key)
      expect(message).not.toContain(tokenFields(1).app_auth_token)
    },
  )
})

describe('an error quoting the encrypted request (docs/protocol.md §3, §6)', () => {
  it.each(['v2', 'v3'] as const)(
    'never carries the ciphertext on %s, in the message or the raw body',
    async (api) => {
      alipay.encryptKey = aes.key
      alipay.tokenAnswer = () => {
        const { params } = alipay.calls.at(-1)!
        const sent = (api === 'v2' ? params.biz_content : params.body) ?? ''
        // As the gateway does on a signature failure: the string it verified, ciphertext included.
        const subMsg = `验签出错，网关生成的验签字符串为：app_id=1&biz_content=${sent}&charset=utf-8`
        return { error: { code: '40002', subCode: 'isv.invalid-signature', subMsg } }
      }
      const error = await client(api)
        .exchangeCode('code-aes')
        .then(
          () => undefined,
          (failure: unknown) => failure as Error & { rawBody?: string; subMsg?: string },
        )
      const ciphertext = alipay.calls[0]?.params[api === 'v2' ? 'biz_content' : 'body'] ?? ''
      expect(ciphertext.length).toBeGreaterThan(20)
      expect(error?.message).toContain('[redacted]')
      for (const text of [error?.message, error?.rawBody, error?.subMsg]) {
        expect(text).not.toContain(ciphertext)
        expect(text).not.toContain(ciphertext.replaceAll('/', '\\/'))
      }
    },
  )
})
