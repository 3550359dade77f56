import { generateKeyPairSync } from 'node:crypto'
import type { MerchantToken } from '@alipay-isv/core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { queriedPanel } from '../src/action-panels.js'
import type { MetricsSnapshot } from '../src/auth-metrics.js'
import { refuseCrossSitePost } from '../src/cross-site.js'
import { errorPage, errorPanel } from '../src/error-page.js'
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
    signatureVerificationFailed: 0,
  },
  health: {
    merchants: 3,
    active: 1,
    dueForRefresh: 1,
    expired: 0,
    refreshUnfinished: 0,
    needsReauthorization: 1,
    cancelled: 1,
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
  alipayPublicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey,
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
    expect(html).toContain('<th>authorized (active)</th><td data-health="active">1</td>')
    expect(html).toContain('<td data-health="dueForRefresh">1</td>')
    expect(html).toContain('<td data-health="needsReauthorization">1</td>')
    expect(html).toContain('<td data-health="cancelled">1</td>')
    expect(html).toContain('<td data-health="refreshUnfinished">0</td>')
    expect(html).toContain('<th>codeExchanged</th><td data-event="codeExchanged">2</td>')
    expect(html).toContain('<a href="/metrics">')
  })

  it('show how each merchant authorized and the context its authorization carried, as JSON text', () => {
    const invited = { ...merchant, authAppId: '2021000000000007', via: 'invite' as const }
    const tenant = { ...merchant, context: { tenant: '<acme>' } }
    const { html } = merchantsPage(view({ merchants: [tenant, invited] }))
    expect(html).toContain(
      '<td class="via">browser</td><td class="context">{&#34;tenant&#34;:&#34;&#60;acme&#62;&#34;}</td>',
    )
    expect(html).toContain('<td class="via">invite</td><td class="context">—</td>')
  })

  it('show token expiry as people read it, with the exact time for machines', () => {
    const { html } = merchantsPage(view())
    expect(html).toContain(
      '<time datetime="2027-01-01T00:00:00.000Z">1 Jan 2027, 00:00 UTC</time> (in 365 days)',
    )
  })

  it('offer Refresh and Query for an active merchant, and only authorizing again for a cancelled one', () => {
    const cancelled = { ...merchant, authAppId: '2021000000000009', status: 'cancelled' as const }
    const { html } = merchantsPage(view({ merchants: [merchant, cancelled] }))
    expect(html).toContain('/merchants/2021%3Cscript%3E/refresh')
    expect(html).not.toContain('/merchants/2021000000000009/')
    expect(html).toMatch(/data-auth-app-id="2021000000000009">[\s\S]*?Authorize again/)
  })

  it('show a button’s result above the table, expires_in as people say it', () => {
    const status = { userId: '2088', authAppId: '2021', expiresIn: 90061, authMethods: [] }
    const panel = queriedPanel({ ...status, status: 'valid' }, false)
    const page = merchantsPage(view({ result: { status: 200, panel } }))
    expect(page.html).toContain(
      '<td data-field="expires_in" data-seconds="90061">1 day 1 hour</td>',
    )
    expect(page.html.indexOf('id="result"')).toBeLessThan(page.html.indexOf('id="merchants"'))
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
