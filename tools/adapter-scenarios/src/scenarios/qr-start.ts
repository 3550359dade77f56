import assert from 'node:assert/strict'
import {
  type AdapterScenario,
  assertErrorResponse,
  defaults,
  freshBrowser,
  withApp,
} from '../context.js'
import { redirectOrigin } from '../world.js'
import { browserAccept } from './callback-failure-page.js'
import { consentOnPhone, qrPath, startQr } from './qr-support.js'

/** Path 2, "on the phone": starting it, and the link the QR code encodes. */
export const qrStartScenarios: AdapterScenario[] = [
  {
    name: 'GET authorize/qr with Accept: application/json answers the QR link, its SVG, an absolute status URL on the redirect URI origin and an ISO expiry, and sets the browser cookie',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const response = await context.browser.get(qrPath, { accept: 'application/json' })
        assert.equal(response.status, 200)
        assert.match(response.headers.get('content-type') ?? '', /^application\/json/)
        assert.match(response.headers.get('cache-control') ?? '', /no-store/)
        const body = (await response.json()) as Record<string, string>
        assert.deepEqual(Object.keys(body).sort(), ['expires_at', 'qr_svg', 'status_url', 'url'])
        assert.equal(new URL(body.url ?? '').origin, redirectOrigin)
        assert.equal(new URL(body.status_url ?? '').origin, redirectOrigin)
        assert.ok(body.url?.startsWith(`${redirectOrigin}${qrPath}/`), body.url)
        assert.match(body.qr_svg ?? '', /^<svg [^>]*viewBox="0 0 \d+ \d+"/)
        assert.equal(body.expires_at, new Date(context.world.clock() + 10 * 60_000).toISOString())
        assert.ok(
          context.browser.cookie('alipay_auth_state'),
          'the starting browser gets its cookie',
        )
      }),
  },
  {
    name: 'GET authorize/qr in a browser answers an HTML page with the QR code as SVG, its link and a status that updates itself from the status URL',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const response = await context.browser.get(qrPath, { accept: browserAccept })
        assert.equal(response.status, 200)
        assert.match(response.headers.get('content-type') ?? '', /^text\/html/)
        assert.match(response.headers.get('cache-control') ?? '', /no-store/)
        const html = await response.text()
        const link = /<a id="qr-link" href="([^"]+)">/.exec(html)?.[1]
        assert.ok(link?.startsWith(`${redirectOrigin}${qrPath}/`), `link ${link}`)
        assert.match(html, /<figure id="qr-code"[^>]*><svg [^>]*role="img"/)
        const statusUrl = /data-status-url="([^"]+)"/.exec(html)?.[1]
        assert.equal(statusUrl, `${link}/status`)
        assert.match(html, /<script>[\s\S]*fetch\(root\.dataset\.statusUrl/)
        assert.ok(context.browser.cookie('alipay_auth_state'))
      }),
  },
  {
    name: 'the QR link may be opened many times, by browsers without cookies, each time leading to the consent page with the state, until the authorization completes',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const qr = await startQr(context)
        const state = new URL(qr.url).pathname.split('/').pop()
        for (const opener of [freshBrowser(context), freshBrowser(context), context.browser]) {
          const opened = await opener.get(qr.url)
          assert.equal(opened.status, 302)
          const consent = new URL(opened.headers.get('location') ?? '')
          assert.equal(consent.pathname, '/oauth2/appToAppAuth.htm')
          assert.equal(consent.searchParams.get('state'), state)
          assert.equal(
            consent.searchParams.get('redirect_uri'),
            `${redirectOrigin}/alipay/callback`,
          )
        }
        assert.equal((await consentOnPhone(context, qr)).response.status, 200)
        const late = await freshBrowser(context).get(qr.url, { accept: browserAccept })
        assert.equal(late.status, 410, 'a completed authorization’s link leads nowhere')
        assert.match(await late.text(), /id="qr-ended"/)
      }),
  },
  {
    name: 'a QR link this app never issued answers 410 and redirects nowhere',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        for (const state of ['A'.repeat(32), 'not-a-state', 'qr:x']) {
          const response = await freshBrowser(context).get(`${qrPath}/${encodeURIComponent(state)}`)
          assert.equal(response.status, 410, state)
          assert.equal(response.headers.get('location'), null)
        }
      }),
  },
  {
    name: 'QR starts are rate-limited per instance (qrStartsPerMinute): 429 ALIPAY_RATE_LIMITED with Retry-After, as JSON or as the error page, no cookie set; accepted again once the minute refills',
    run: (harness) =>
      withApp(
        harness,
        (world) => ({ ...world.appAuthOptions(), qrStartsPerMinute: 2 }),
        async (context) => {
          for (let started = 0; started < 2; started++) {
            const answer = await freshBrowser(context).get(qrPath, { accept: 'application/json' })
            assert.equal(answer.status, 200)
          }
          const stranger = freshBrowser(context)
          const limited = await stranger.get(qrPath, { accept: 'application/json' })
          assert.equal(limited.headers.get('retry-after'), '30')
          const message = await assertErrorResponse(context, limited, 429, 'ALIPAY_RATE_LIMITED')
          assert.match(message, /qrStartsPerMinute/)
          assert.equal(stranger.cookie('alipay_auth_state'), undefined, 'nothing was started')
          const page = await stranger.get(qrPath, { accept: browserAccept })
          assert.equal(page.status, 429)
          assert.match(page.headers.get('content-type') ?? '', /^text\/html/)
          assert.match(await page.text(), /Reload this page in \d+ seconds/)
          context.world.advance(30_000)
          assert.equal((await stranger.get(qrPath, { accept: 'application/json' })).status, 200)
        },
      ),
  },
]
