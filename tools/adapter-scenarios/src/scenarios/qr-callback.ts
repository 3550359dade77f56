import assert from 'node:assert/strict'
import type { MerchantToken } from '@alipay-isv/core'
import {
  type AdapterScenario,
  assertErrorResponse,
  authorizeAndConsent,
  defaults,
  freshBrowser,
  recordingOnAuthorized,
  withApp,
} from '../context.js'
import { browserAccept } from './callback-failure-page.js'
import { consentOnPhone, merchantIds, qrPath, readStatus, startQr, statusOf } from './qr-support.js'

/** What the ISV reads from its own session when the desktop asks for the QR code. */
const tenant = { tenantId: 'acme' }
const otherMerchant = { userId: '2088000000000002', authAppId: '2021000000000002' }

/** Path 2's callback: it reaches the phone, which has none of the desktop's cookies. */
export const qrCallbackScenarios: AdapterScenario[] = [
  {
    name: 'the phone’s callback for a QR state is accepted without the cookie: stored via qr with the context of the desktop’s request, a page telling the phone to look back at the computer (not successRedirect), and the desktop’s status names the merchant',
    run: async (harness) => {
      const authorized = recordingOnAuthorized({
        successRedirect: '/desktop-only',
        context: () => tenant,
      })
      await withApp(harness, authorized.options, async (context) => {
        const qr = await startQr(context)
        assert.deepEqual(await statusOf(context, qr), {
          status: 'pending',
          merchants: [],
          expires_at: qr.expires_at,
        })
        const { response } = await consentOnPhone(context, qr)
        assert.equal(response.status, 200)
        assert.match(await response.text(), /id="qr-complete"[^<]*look back at your computer/)
        assert.deepEqual(await statusOf(context, qr), {
          status: 'authorized',
          merchants: [merchantIds()],
          expires_at: qr.expires_at,
        })
        const [record] = await context.app.appAuth.listMerchants()
        assert.deepEqual([record?.via, record?.context], ['qr', tenant])
        assert.equal(authorized.calls.length, 1, 'onAuthorized runs once, for the phone’s callback')
        const [handed] = authorized.calls[0] as MerchantToken[]
        assert.deepEqual([handed?.via, handed?.context], ['qr', tenant])
      })
    },
  },
  {
    name: 'a same-browser state is still refused without its cookie while QR states are accepted without one',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        await startQr(context)
        const callback = await authorizeAndConsent(context)
        const response = await freshBrowser(context).get(callback)
        await assertErrorResponse(context, response, 400, 'ALIPAY_STATE_BROWSER_MISMATCH')
        assert.equal(context.world.codeExchanges, 0)
        assert.deepEqual(await context.app.appAuth.listMerchants(), [])
      }),
  },
  {
    name: 'the status answers only the browser that started the QR authorization: 404 for a browser without cookie or with another browser’s',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const qr = await startQr(context)
        const stranger = freshBrowser(context)
        await startQr(context, stranger)
        const refused = await freshBrowser(context).get(qr.status_url, {
          accept: 'application/json',
        })
        await assertErrorResponse(context, refused, 404, 'ALIPAY_QR_NOT_FOUND')
        assert.equal((await readStatus(qr, stranger)).httpStatus, 404)
        await consentOnPhone(context, qr)
        assert.equal((await readStatus(qr, stranger)).httpStatus, 404)
        assert.equal((await statusOf(context, qr)).status, 'authorized')
      }),
  },
  {
    name: 'two QR authorizations started in two tabs of one browser each complete and each status names its own merchant',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const first = await startQr(context)
        const second = await startQr(context)
        assert.notEqual(first.url, second.url)
        await consentOnPhone(context, second, otherMerchant)
        assert.equal((await statusOf(context, first)).status, 'pending')
        await consentOnPhone(context, first)
        assert.deepEqual((await statusOf(context, first)).merchants, [merchantIds()])
        assert.deepEqual((await statusOf(context, second)).merchants, [merchantIds(otherMerchant)])
        assert.equal((await context.app.appAuth.listMerchants()).length, 2)
      }),
  },
  {
    name: 'a QR authorization expires with its state: status expired, the link leads nowhere, a late callback is refused and exchanges nothing',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const qr = await startQr(context)
        const opened = await freshBrowser(context).get(qr.url)
        const callbackUrl = await context.world.consent(opened.headers.get('location') ?? '')
        context.world.advance(10 * 60_000)
        assert.equal((await statusOf(context, qr)).status, 'expired')
        assert.equal((await freshBrowser(context).get(qr.url)).status, 410)
        const late = await freshBrowser(context).get(callbackUrl)
        await assertErrorResponse(context, late, 400, 'ALIPAY_STATE_EXPIRED')
        assert.equal(context.world.codeExchanges, 0)
        assert.equal((await statusOf(context, qr)).status, 'expired')
      }),
  },
  {
    name: 'a QR authorization whose code exchange fails shows failed, with the stable code and message, on the desktop; the phone’s page sends the merchant back to the computer (no authorize link)',
    run: (harness) =>
      withApp(
        harness,
        (world) => ({ ...world.appAuthOptions(), alipayPublicKey: world.keys.stranger.publicKey }),
        async (context) => {
          const qr = await startQr(context)
          const { response } = await consentOnPhone(context, qr)
          assert.equal(response.status, 502)
          const page = await response.text()
          assert.match(page, /look back at the computer/i)
          assert.doesNotMatch(page, /href="\/alipay\/authorize"|Start the authorization again/)
          const status = await statusOf(context, qr)
          assert.equal(status.status, 'failed')
          assert.deepEqual(status.merchants, [])
          assert.equal(status.error?.code, 'ALIPAY_UNTRUSTED_RESPONSE')
          assert.ok((status.error?.message.length ?? 0) > 0)
          assert.deepEqual(await context.app.appAuth.listMerchants(), [])
        },
      ),
  },
  {
    name: 'the desktop’s QR page offers a link to successRedirect once authorized, and none without it',
    run: async (harness) => {
      await withApp(
        harness,
        (world) => ({ ...world.appAuthOptions(), successRedirect: '/merchants?welcome=1' }),
        async (context) => {
          const page = await (await context.browser.get(qrPath, { accept: browserAccept })).text()
          assert.match(
            page,
            /<p id="qr-continue" class="actions" hidden><a href="\/merchants\?welcome=1">Continue on the site<\/a><\/p>/,
          )
        },
      )
      await withApp(harness, defaults, async (context) => {
        const page = await (await context.browser.get(qrPath, { accept: browserAccept })).text()
        assert.doesNotMatch(page, /id="qr-continue"/)
      })
    },
  },
  {
    name: 'replaying the phone’s callback exchanges nothing again, keeps the status authorized and calls onAuthorized once',
    run: async (harness) => {
      const authorized = recordingOnAuthorized()
      await withApp(harness, authorized.options, async (context) => {
        const qr = await startQr(context)
        const { callbackUrl } = await consentOnPhone(context, qr)
        for (const replayer of [freshBrowser(context), context.browser]) {
          const replay = await replayer.get(callbackUrl)
          await assertErrorResponse(context, replay, 409, 'ALIPAY_DUPLICATE_CALLBACK')
        }
        assert.equal(context.world.codeExchanges, 1)
        assert.equal(authorized.calls.length, 1)
        assert.equal((await statusOf(context, qr)).status, 'authorized')
        assert.equal((await context.app.appAuth.listMerchants()).length, 1)
      })
    },
  },
]
