import { AlipaySdk } from 'alipay-sdk'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePrivateKey, parsePublicKey } from '../../src/signer/keys.js'
import { signNotify } from '../../src/signer/notify.js'
import { type SignableParams, signV2Params, verifyV2Params } from '../../src/signer/v2-request.js'
import { buildV2ResponseBody } from '../../src/signer/v2-response.js'
import { HOST_ZONES, useHostZone } from '../support/host-zones.js'
import { rsaKeyForms } from './fixtures.js'
import { type LocalGateway, startLocalGateway } from './local-gateway.js'

// The official SDK is the independent oracle (docs/architecture.md "Tests"): same key, same params,
// same bytes.
const app = rsaKeyForms('app')
const alipay = rsaKeyForms('alipay')
const APP_ID = '2021000000000001'
const METHOD = 'alipay.open.auth.token.app'
const NODE = 'alipay_open_auth_token_app_response'

let gateway: LocalGateway
let sdk: AlipaySdk

beforeAll(async () => {
  gateway = await startLocalGateway()
  // Keys in the console's bare base64 form, which the SDK wraps as PKCS#1 PEM itself.
  sdk = new AlipaySdk({
    appId: APP_ID,
    privateKey: app.bareBase64Pkcs1,
    alipayPublicKey: alipay.bareBase64Spki,
    gateway: `${gateway.origin}/gateway.do`,
  })
})

afterAll(async () => {
  await gateway.close()
})

const ourAppKey = parsePrivateKey(app.bareBase64Pkcs1)
const ourAppPublicKey = parsePublicKey(app.bareBase64Spki)

/** Names the SDK fills in itself, or treats specially. */
const SDK_OWNED = new Set(['method', 'app_id', 'charset', 'version', 'sign_type', 'timestamp'])
const name = fc
  .stringMatching(/^[a-z]{1,8}(_[a-z]{1,8}){0,2}$/)
  .filter((n) => !SDK_OWNED.has(n) && !n.startsWith('biz_') && !n.startsWith('need_'))
const value = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', minLength: 1 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.constantFrom('a&b=c', '%2B+ /?#', '中文', '😀👍🏽', 'https://example.com/cb?x=1&y=2'),
)
const emptyValue = fc.constantFrom('', null, undefined)

/** What alipay-sdk signed for these params: its own common params added, and its `sign`. */
function sdkSignedParams(
  params: Record<string, string>,
  bizContent: object,
): Record<string, string> {
  const query = sdk.sdkExecute(
    METHOD,
    { ...params, bizContent },
    { bizContentAutoSnakeCase: false },
  )
  return Object.fromEntries(new URLSearchParams(query))
}

// alipay-sdk prints `timestamp` in the host's zone: the same bytes whatever the zone.
describe.each(HOST_ZONES)('in $name', ({ zone }) => {
  useHostZone(zone)

  describe('v2 request signatures are byte-identical to alipay-sdk’s', () => {
    it('for generated parameter sets: ASCII and unicode values, empty values, many keys', () => {
      fc.assert(
        fc.property(
          fc.dictionary(name, value, { maxKeys: 40 }),
          fc.dictionary(name, emptyValue, { maxKeys: 5 }),
          fc.dictionary(name, value, { maxKeys: 5 }),
          (params, empties, biz) => {
            const sent = sdkSignedParams(params, biz)
            const { sign: sdkSign, ...signedBySdk } = sent
            for (const [n, v] of Object.entries(params)) expect(signedBySdk[n]).toBe(v)
            // The SDK signs `name=` for an empty value; the gateway drops it (docs/protocol.md §3),
            // as we do, so empties are given to our signer only.
            const ours: SignableParams = { ...empties, ...signedBySdk }
            expect(signV2Params(ours, ourAppKey)).toBe(sdkSign)
          },
        ),
        { numRuns: 150 },
      )
    })

    it('for a request alipay-sdk sends to the gateway, which verifies it the gateway’s way', async () => {
      let verified: boolean | undefined
      gateway.answer((request) => {
        const url = new URL(request.url, gateway.origin)
        const params = Object.fromEntries([
          ...url.searchParams,
          ...new URLSearchParams(request.body),
        ])
        verified = verifyV2Params(params, ourAppPublicKey)
        const node = '{"code":"10000","msg":"Success","tokens":[{"app_auth_token":"202405BB"}]}'
        return { body: buildV2ResponseBody(NODE, node, alipay.privateKey) }
      })
      const result = await sdk.exec(
        METHOD,
        {
          bizContent: { grant_type: 'authorization_code', code: 'P5f8 中文' },
          appAuthToken: '202405AAtoken',
        },
        { validateSign: true },
      )
      expect(verified).toBe(true)
      expect(result).toMatchObject({ code: '10000', tokens: [{ appAuthToken: '202405BB' }] })
    })
  })

  describe('v2 responses signed by buildV2ResponseBody pass alipay-sdk’s checkResponseSign', () => {
    const field = fc.stringMatching(/^[a-z_]{1,12}$/)
    const nodeValue = fc.oneof(
      value,
      fc.array(fc.dictionary(field, value, { maxKeys: 4 }), { maxLength: 3 }),
    )

    it('for generated nodes with nesting, unicode, quotes and slashes', () => {
      fc.assert(
        fc.property(fc.dictionary(field, nodeValue, { maxKeys: 12 }), (node) => {
          const content = JSON.stringify({ code: '10000', msg: 'Success', ...node })
          const body = buildV2ResponseBody(NODE, content, alipay.privateKey)
          const { sign } = JSON.parse(body) as { sign: string }
          expect(() => sdk.checkResponseSign(body, NODE, sign, 'trace')).not.toThrow()
        }),
        { numRuns: 150 },
      )
    })

    it('for an error_response and a certificate-mode body', () => {
      const error = '{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.code-invalid"}'
      const errorBody = buildV2ResponseBody('error_response', error, alipay.privateKey)
      const certBody = buildV2ResponseBody(NODE, '{"code":"10000"}', alipay.privateKey, {
        alipayCertSn: '7513daaaa48aa3ba2e4018d84402479c',
      })
      for (const [body, node] of [
        [errorBody, 'error_response'],
        [certBody, NODE],
      ] as const) {
        const { sign } = JSON.parse(body) as { sign: string }
        expect(() => sdk.checkResponseSign(body, node, sign, 'trace')).not.toThrow()
      }
    })

    it('and alipay-sdk rejects one whose node was changed, so the check is real', () => {
      const body = buildV2ResponseBody(NODE, '{"code":"10000","x":"1"}', alipay.privateKey)
      const { sign } = JSON.parse(body) as { sign: string }
      expect(() => sdk.checkResponseSign(body.replace('"1"', '"2"'), NODE, sign, 't')).toThrow()
    })
  })

  describe('notifications signed by signNotify pass alipay-sdk’s checkNotifySignV2', () => {
    it('for both sign_type rules and values holding %2B, + and unicode', () => {
      const params = {
        notify_id: 'n1',
        notify_type: 'open_app_auth_notify',
        app_id: APP_ID,
        auth_app_id: 'a%2Bb+c 中文😀',
        sign_type: 'RSA2',
        biz_content: '{"detail":{"app_auth_token":"202405BB"}}',
      }
      for (const keepSignType of [false, true]) {
        const sign = signNotify(params, alipay.privateKey, { keepSignType })
        expect(sdk.checkNotifySignV2({ ...params, sign })).toBe(true)
      }
    })
  })
})
