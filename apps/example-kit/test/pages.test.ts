import { AlipayApiError, type MerchantToken } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { queriedPanel, refreshedPanel } from '../src/action-panels.js'
import type { MetricsSnapshot } from '../src/auth-metrics.js'
import { refuseCrossSitePost } from '../src/cross-site.js'
import { clockStrip } from '../src/emulator-clock.js'
import { alipayErrorResult, errorPage, errorPanel } from '../src/error-page.js'
import { type MerchantsView, merchantsPage } from '../src/pages.js'
import { tokenFingerprint } from '../src/token-fingerprint.js'
import type { TrustMode } from '../src/trust-mode.js'

beforeAll(() => {
  vi.stubEnv('TZ', 'UTC')
})
afterAll(() => {
  vi.unstubAllEnvs()
})

const metrics: MetricsSnapshot = {
  events: {
    codeExchanged: 2,
    tokenRefreshed: 0,
    refreshFailed: 0,
    reauthorizationRequired: 1,
    notificationReceived: 0,
    notificationRejected: 0,
    alipayCertificateLearned: 0,
    apiCall: 3,
    signatureVerificationFailed: 0,
    contextChange: 0,
  },
  health: {
    merchants: 3,
    active: 1,
    dueForRefresh: 1,
    expired: 0,
    refreshUnfinished: 0,
    needsReauthorization: 1,
    cancelled: 1,
    apiCalls: { succeeded: 2, failed: 1, tokenRenewals: 1 },
  },
  learnedCertificates: [],
}

const merchant: MerchantToken = {
  authAppId: '2021<script>',
  userId: '2088"onmouseover="x',
  appAuthToken: 'secret-access-token',
  appRefreshToken: 'secret-refresh-token',
  expiresAt: Date.UTC(2027, 0, 1),
  refreshExpiresAt: Date.UTC(2027, 1, 1),
  authorizedAt: Date.UTC(2026, 0, 1),
  updatedAt: Date.UTC(2026, 0, 1),
  status: 'active',
  via: 'browser',
}

const publicKeyMode: TrustMode = {
  mode: 'public-key',
  alipayPublicKey: testKeyPair('alipay').publicKey,
}

const view = (overrides: Partial<MerchantsView> = {}): MerchantsView => ({
  merchants: [merchant],
  metrics,
  trust: publicKeyMode,
  now: Date.UTC(2026, 0, 1),
  ...overrides,
})

describe('example pages', () => {
  it('escape every value they show and never show a token, only its fingerprint', () => {
    const { html } = merchantsPage(view())
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('"onmouseover="')
    expect(html).not.toContain('secret-')
    expect(html).toContain(tokenFingerprint(merchant.appAuthToken))
    expect(html).toContain('/merchants/2021%3Cscript%3E/refresh')
  })

  it('show the health summary and the event counters on the merchants page', () => {
    const { html } = merchantsPage(view())
    expect(html).toContain('<dt>authorized (active)</dt><dd data-health="active">1</dd>')
    expect(html).toContain('<dd data-health="dueForRefresh">1</dd>')
    expect(html).toContain('<dd data-health="needsReauthorization">1</dd>')
    expect(html).toContain('<dd data-health="cancelled">1</dd>')
    expect(html).toContain('<dd data-health="refreshUnfinished">0</dd>')
    expect(html).toContain('<dt>answered</dt><dd data-api-calls="succeeded">2</dd>')
    expect(html).toContain('<dd data-api-calls="tokenRenewals">1</dd>')
    expect(html).toContain('<dt>codeExchanged</dt><dd data-event="codeExchanged">2</dd>')
    expect(html).toContain('<a href="/metrics">')
  })

  it('say in words how each merchant authorized, with the record’s via value beside them', () => {
    const invited = { ...merchant, authAppId: '2021000000000007', via: 'invite' as const }
    const { html } = merchantsPage(view({ merchants: [merchant, invited] }))
    expect(html).toContain(
      '<span class="via" data-via="browser">Authorize with Alipay, in a browser (<code>browser</code>)</span>',
    )
    expect(html).toContain(
      '<span class="via" data-via="invite">Invitation link from the Alipay console (<code>invite</code>)</span>',
    )
  })

  it('show the context as fields, its JSON kept in data-context, and say when there is none', () => {
    const tenant = { ...merchant, context: { tenant: '<acme>', seats: 3 } }
    const invited = { ...merchant, authAppId: '2021000000000007', via: 'invite' as const }
    const { html } = merchantsPage(view({ merchants: [tenant, invited] }))
    expect(html).toContain('<dt>tenant</dt><dd><code>&#60;acme&#62;</code></dd>')
    expect(html).toContain('<dt>seats</dt><dd><code>3</code></dd>')
    expect(html).toContain(
      'data-context="{&#34;tenant&#34;:&#34;&#60;acme&#62;&#34;,&#34;seats&#34;:3}"',
    )
    expect(html).toContain('<span class="context" data-context="">None:')
  })

  it('show an active token’s expiry as people read it, with the exact time for machines', () => {
    const { html } = merchantsPage(view())
    expect(html).toContain(
      'Valid until <time datetime="2027-01-01T00:00:00.000Z">1 Jan 2027, 00:00 UTC</time> (in 365 days)',
    )
    expect(html).toContain('<span class="badge ok status">Active</span>')
  })

  it('say a cancelled merchant is cancelled, never when its dead token would expire', () => {
    const cancelled = { ...merchant, status: 'cancelled' as const }
    const { html } = merchantsPage(view({ merchants: [cancelled] }))
    expect(html).toContain('<span class="badge muted status">Cancelled</span>')
    expect(html).toContain('its token no longer works')
    expect(html).not.toContain('Valid until')
    expect(html).not.toContain('in 365 days')
    expect(html).not.toContain('class="fingerprint"')
  })

  it('say a merchant whose refresh token died must authorize again', () => {
    const dead = { ...merchant, status: 'needs-reauthorization' as const }
    const { html } = merchantsPage(view({ merchants: [dead] }))
    expect(html).toContain('<span class="badge bad status">Must authorize again</span>')
    expect(html).not.toContain('Valid until')
  })

  it('say an active token past its expiry expired, and that it is refreshed before its next use', () => {
    const { html } = merchantsPage(view({ now: Date.UTC(2027, 0, 2) }))
    expect(html).toContain('<span class="badge warn status">Token expired</span>')
    expect(html).toContain('(1 day ago); refreshed before its next use')
  })

  it('offer Refresh, Query and a call of alipay.trade.query for an active merchant, and only authorizing again for a cancelled one', () => {
    const cancelled = { ...merchant, authAppId: '2021000000000009', status: 'cancelled' as const }
    const { html } = merchantsPage(view({ merchants: [merchant, cancelled] }))
    expect(html).toContain('<div class="actions" id="actions-2021&#60;script&#62;">')
    expect(html).toContain('/merchants/2021%3Cscript%3E/refresh')
    expect(html).toContain(
      '<form method="post" action="/merchants/2021%3Cscript%3E/trade-query"><button type="submit" class="button" name="trade-query">Call alipay.trade.query</button></form>',
    )
    expect(html).not.toContain('/merchants/2021000000000009/')
    expect(html).toMatch(
      /data-auth-app-id="2021000000000009"[\s\S]*?data-action="reauthorize">Authorize again/,
    )
  })

  it('have a page-level actions area apart from the merchants’ own', () => {
    const { html } = merchantsPage(view())
    expect(html).toMatch(
      /<div class="actions" id="page-actions">.*data-action="authorize">Authorize a merchant/,
    )
  })

  it('say why Refresh kept a pair it just got, and from when it can rotate', () => {
    const issued = { ...merchant, issuedAt: Date.UTC(2026, 0, 1, 10, 0, 20) }
    const panel = refreshedPanel(issued, false, 60_000)
    const { html } = merchantsPage(view({ result: { status: 200, panel } }))
    expect(html).toContain('keeps its token')
    expect(html).toContain('at most once every 1 minute (<code>minRefreshIntervalMs</code>)')
    expect(html).toContain(
      '<span id="rotates-from"><time datetime="2026-01-01T10:01:20.000Z">1 Jan 2026, 10:01 UTC</time></span>',
    )
  })

  it('show the emulator’s moved clock above every page, with the command that resets it', () => {
    const strip = clockStrip('http://127.0.0.1:9300', 31_536_000)
    const { html } = merchantsPage(view({ strips: [strip] }))
    expect(html).toContain('The emulator’s clock is 365 days ahead of this machine’s.')
    expect(html).toContain(
      "<code>curl -X DELETE http://127.0.0.1:9300/__admin/clock -H 'content-type: application/json'</code>",
    )
  })

  it('load nothing: the style is inline and the icon a data URI', () => {
    const { html } = merchantsPage(view())
    expect(html).toMatch(/<link rel="icon" href="data:image\/svg\+xml,/)
    expect(html).not.toMatch(/<link rel="stylesheet"|<script src=|<img /)
  })

  it('show a button’s result above the table, expires_in as people say it', () => {
    const status = { userId: '2088', authAppId: '2021', expiresIn: 90061, authMethods: [] }
    const panel = queriedPanel({ ...status, status: 'valid' }, 'none')
    const page = merchantsPage(view({ result: { status: 200, panel } }))
    expect(page.html).toContain(
      '<dd data-field="expires_in" data-seconds="90061">1 day 1 hour</dd>',
    )
    expect(page.html.indexOf('id="result"')).toBeLessThan(page.html.indexOf('id="merchants"'))
  })

  it('show a button’s error in words; the developer’s detail only when given (development mode)', () => {
    const plain = errorPanel('ALIPAY_API_ERROR', 'Alipay refused the call.')
    expect(plain.text).not.toContain('error-detail')
    const detailed = errorPanel(
      'ALIPAY_API_ERROR',
      'Alipay refused the call.',
      'code 40004, sub_code isv.x',
    )
    expect(detailed.text).toContain(
      'For the developer (development mode only): code 40004, sub_code isv.x',
    )
  })

  it('tell what Alipay’s refusal means in words; its codes go to the log, and to the page in development only', () => {
    const refusal = new AlipayApiError('Alipay refused', {
      code: '40004',
      subCode: 'isv.x',
      traceId: 't1',
    })
    const quiet = alipayErrorResult(refusal, false)
    expect(quiet.status).toBe(502)
    expect(quiet.panel.text).toContain('Alipay refused the call (isv.x), so nothing was changed.')
    expect(quiet.panel.text).not.toContain('trace id')
    expect(quiet.detail).toContain('code 40004, sub_code isv.x, trace id t1')
    expect(alipayErrorResult(refusal, true).panel.text).toContain('id="error-detail"')
  })

  it('answer with the status of a button’s error, shown above the table', () => {
    const result = { status: 409, panel: errorPanel('ALIPAY_REAUTHORIZATION_REQUIRED', 'again') }
    const page = merchantsPage(view({ result }))
    expect(page.status).toBe(409)
    expect(page.html).toContain('<strong id="error-code">ALIPAY_REAUTHORIZATION_REQUIRED</strong>')
  })

  it('in certificate mode, name the configured certificates and each one Alipay rotated to', () => {
    const trust: TrustMode = {
      mode: 'certificate',
      certificates: { appCert: '', alipayPublicCert: '', alipayRootCert: '' },
      appCertSn: 'app-sn',
      alipayCertSns: ['alipay-sn-1'],
      alipayRootCertSn: 'root-sn',
    }
    const rotated = {
      ...metrics,
      learnedCertificates: [{ sn: 'alipay-sn-2', at: Date.UTC(2026, 5, 1, 8, 30) }],
    }
    const { html } = merchantsPage(view({ trust, metrics: rotated }))
    expect(html).toContain('data-mode="certificate"')
    expect(html).toContain('<code>app-sn</code>')
    expect(html).toContain(
      '<li data-alipay-cert-sn="alipay-sn-1"><code>alipay-sn-1</code>, from ALIPAY_PUBLIC_CERT</li>',
    )
    expect(html).toMatch(
      /data-alipay-cert-sn="alipay-sn-2" class="rotated">.*Alipay rotated to it; downloaded at <time datetime="2026-06-01T08:30:00.000Z">1 Jun 2026, 08:30 UTC<\/time>/,
    )
  })

  it('render error messages as text', () => {
    const { html, status } = errorPage(502, 'ALIPAY_API_ERROR', 'sub_msg <b>quoted</b>')
    expect(status).toBe(502)
    expect(html).toContain('sub_msg &#60;b&#62;quoted&#60;/b&#62;')
  })
})

describe('refuseCrossSitePost', () => {
  it.each([
    [{ 'sec-fetch-site': 'same-origin' }, false],
    [{ 'sec-fetch-site': 'none' }, false],
    [{ 'sec-fetch-site': 'same-site' }, true],
    [{ 'sec-fetch-site': 'cross-site' }, true],
    [{ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }, false],
    [{ origin: 'https://evil.example', host: '127.0.0.1:3000' }, true],
    [{ origin: 'null', host: '127.0.0.1:3000' }, true],
    [{ host: '127.0.0.1:3000' }, false],
  ])('for headers %o refuses: %s', (headers, refused) => {
    expect(refuseCrossSitePost(headers)?.status === 403).toBe(refused)
  })

  it('link to the next page of merchants while there is one, and back to the first', () => {
    const first = merchantsPage(view({ paging: { next: '2021000000000050' } })).html
    expect(first).toContain(
      '<a id="next-page" rel="next" href="/merchants?after=2021000000000050">',
    )
    expect(first).not.toContain('first-page')
    const last = merchantsPage(view({ paging: { after: '2021000000000050' } })).html
    expect(last).toContain('<a id="first-page" href="/merchants">')
    expect(last).not.toContain('next-page')
    expect(merchantsPage(view()).html).not.toContain('id="paging"')
  })
})
