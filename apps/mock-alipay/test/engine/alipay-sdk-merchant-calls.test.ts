import { randomUUID } from 'node:crypto'
import { AlipayRequestError, AlipaySdk } from 'alipay-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MockCertificateAuthority } from '../../src/certificate-authority.js'
import { MockAlipayEngine } from '../../src/index.js'
import { admin } from '../support/admin.js'
import { testAppKeys } from '../support/alipay-client.js'
import { sharedAlipayKeys } from '../support/in-process-engine.js'
import { serveOnLoopback } from '../support/node-bridge.js'

/**
 * docs/protocol.md §9 with the official SDK as the oracle: a stubbed business API called for a
 * merchant through `exec` (v2, the token as the `appAuthToken` parameter) and `curl` (v3, the
 * `appAuthToken` option), in public-key and certificate mode, for each of the token rules.
 */
const TOKEN = 'alipay.open.auth.token.app'
const TRADE_QUERY = 'alipay.trade.query'
const V3_TRADE_QUERY = '/v3/alipay/trade/query'
const GRACE_SECONDS = 60
const EXPIRES_IN = 31536000

let engine: MockAlipayEngine
let server: { url: string; close(): Promise<void> }
let keys: Record<string, string>

beforeAll(async () => {
  const alipayKeys = sharedAlipayKeys()
  const certificateAuthority = await MockCertificateAuthority.create({
    alipayPublicKey: alipayKeys.publicKey,
  })
  engine = new MockAlipayEngine({ alipayKeys, certificateAuthority })
  server = await serveOnLoopback(engine)
  keys = (await admin({ baseUrl: server.url, fetch }).call('GET', '/keys')).json as Record<
    string,
    string
  >
})

afterAll(async () => {
  await server.close()
  await engine.close()
})

type Mode = 'public key' | 'certificate'

function sdkFor(mode: Mode, appId: string, appCert: string | undefined): AlipaySdk {
  const common = {
    appId,
    privateKey: testAppKeys().privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    gateway: `${server.url}/gateway.do`,
    endpoint: server.url,
  }
  if (mode === 'public key')
    return new AlipaySdk({ ...common, alipayPublicKey: keys.alipay_public_key })
  return new AlipaySdk({
    ...common,
    appCertContent: appCert,
    alipayPublicCertContent: keys.alipay_public_cert,
    alipayRootCertContent: keys.alipay_root_cert,
  })
}

interface Merchant {
  appId: string
  sdk: AlipaySdk
  token: { appAuthToken: string; appRefreshToken: string; userId: string }
}

/** A fresh app holding a merchant's token, obtained through the SDK, and the stubs it calls. */
async function merchantOf(
  mode: Mode,
  { app = {}, authorize = {} }: { app?: object; authorize?: object } = {},
): Promise<Merchant> {
  const appId = `2021${randomUUID().replace(/\D/g, '').slice(0, 12).padEnd(12, '0')}`
  const registered = engine.registerApp({
    app_id: appId,
    public_key: testAppKeys().publicKeyPem,
    ...app,
  })
  engine.state.stubs.add({
    app_id: appId,
    method: TRADE_QUERY,
    response: { trade_status: 'TRADE_SUCCESS' },
  })
  engine.state.stubs.add({
    app_id: appId,
    http_method: 'POST',
    path: V3_TRADE_QUERY,
    status: 200,
    body: { trade_status: 'TRADE_SUCCESS' },
  })
  const sdk = sdkFor(mode, appId, registered.registration.app_cert)
  const { app_auth_code } = await admin({ baseUrl: server.url, fetch }).authorize({
    app_id: appId,
    ...authorize,
  })
  const exchanged = await sdk.exec(
    TOKEN,
    { bizContent: { grant_type: 'authorization_code', code: app_auth_code } },
    { validateSign: true },
  )
  return { appId, sdk, token: (exchanged.tokens as Merchant['token'][])[0]! }
}

/** What a protocol's call answered, in one line: `ok …`, v2 `code sub_code`, v3 `status code`. */
type Call = (sdk: AlipaySdk, appAuthToken: string) => Promise<string>

const protocols: { name: string; call: Call }[] = [
  {
    name: 'v2 exec',
    call: async (sdk, appAuthToken) => {
      const result = await sdk.exec(
        TRADE_QUERY,
        { appAuthToken, bizContent: { outTradeNo: 'T1' } },
        { validateSign: true },
      )
      return result.code === '10000'
        ? `ok ${result.tradeStatus}`
        : `${result.code} ${result.subCode}`
    },
  },
  {
    name: 'v3 curl',
    call: async (sdk, appAuthToken) => {
      try {
        const result = await sdk.curl<{ trade_status: string }>('POST', V3_TRADE_QUERY, {
          appAuthToken,
          body: { out_trade_no: 'T1' },
        })
        return `ok ${result.data.trade_status}`
      } catch (error) {
        if (!(error instanceof AlipayRequestError)) throw error
        return `${error.responseHttpStatus} ${error.code}`
      }
    },
  },
]

const refused = {
  invalid: {
    'v2 exec': '20001 aop.invalid-app-auth-token',
    'v3 curl': '401 invalid-app-auth-token',
  },
  timedOut: {
    'v2 exec': '20001 aop.app-auth-token-time-out',
    'v3 curl': '401 app-auth-token-time-out',
  },
  notGranted: {
    'v2 exec': '20001 aop.invalid-app-auth-token-no-api',
    'v3 curl': '403 invalid-app-auth-token-no-api',
  },
}

describe.each<Mode>(['public key', 'certificate'])(
  'alipay-sdk calling for a merchant, %s mode',
  (mode) => {
    describe.each(protocols)('$name', ({ name, call }) => {
      const expected = (outcome: keyof typeof refused) => refused[outcome][name as 'v2 exec']

      it('a valid token gets the stub’s answer, its signature verified', async () => {
        const { sdk, token } = await merchantOf(mode)
        expect(await call(sdk, token.appAuthToken)).toBe('ok TRADE_SUCCESS')
      })

      it('a token replaced by a refresh still works inside the grace and is refused past it', async () => {
        const { sdk, token } = await merchantOf(mode)
        await sdk.exec(TOKEN, {
          bizContent: { grant_type: 'refresh_token', refresh_token: token.appRefreshToken },
        })
        expect(await call(sdk, token.appAuthToken)).toBe('ok TRADE_SUCCESS')
        engine.clock.advance(GRACE_SECONDS + 1)
        expect(await call(sdk, token.appAuthToken)).toBe(expected('invalid'))
      })

      it('a token older than expires_in, for an app registered with token_expiry enforce, has timed out', async () => {
        const { sdk, token } = await merchantOf(mode, { app: { token_expiry: 'enforce' } })
        engine.clock.advance(EXPIRES_IN + 1)
        expect(await call(sdk, token.appAuthToken)).toBe(expected('timedOut'))
      })

      it('a token of a merchant who cancelled is refused', async () => {
        const { appId, sdk, token } = await merchantOf(mode)
        await admin({ baseUrl: server.url, fetch }).cancel(appId, token.userId)
        expect(await call(sdk, token.appAuthToken)).toBe(expected('invalid'))
      })

      it('a token another ISV app holds is refused', async () => {
        const { sdk } = await merchantOf(mode)
        const other = await merchantOf(mode)
        expect(await call(sdk, other.token.appAuthToken)).toBe(expected('invalid'))
      })

      it('an API the merchant did not grant is refused as not granted', async () => {
        const { sdk, token } = await merchantOf(mode, {
          authorize: { auth_methods: ['alipay.trade.refund'] },
        })
        expect(await call(sdk, token.appAuthToken)).toBe(expected('notGranted'))
      })
    })
  },
)
