import type { MerchantToken } from '@alipay-isv/core'
import { describe, expect, it } from 'vitest'
import type { MetricsSnapshot } from '../src/auth-metrics.js'
import { refuseCrossSitePost } from '../src/cross-site.js'
import { errorPage } from '../src/error-page.js'
import { merchantsPage, tokenFingerprint } from '../src/pages.js'

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
    needsReauthorization: 1,
    cancelled: 1,
  },
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

describe('example pages', () => {
  it('escape every value they show and never show a token, only its fingerprint', () => {
    const { html } = merchantsPage([merchant], metrics)
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('"onmouseover="')
    expect(html).not.toContain('secret-')
    expect(html).toContain(tokenFingerprint(merchant.appAuthToken))
    expect(html).toContain('/merchants/2021%3Cscript%3E/refresh')
  })

  it('show the health summary and the event counters on the merchants page', () => {
    const { html } = merchantsPage([merchant], metrics)
    expect(html).toContain('<th>authorized (active)</th><td data-health="active">1</td>')
    expect(html).toContain('<td data-health="dueForRefresh">1</td>')
    expect(html).toContain('<td data-health="needsReauthorization">1</td>')
    expect(html).toContain('<td data-health="cancelled">1</td>')
    expect(html).toContain('<th>codeExchanged</th><td data-event="codeExchanged">2</td>')
    expect(html).toContain('<a href="/metrics">')
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
})
