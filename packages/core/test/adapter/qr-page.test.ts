import { describe, expect, it } from 'vitest'
import { prefersJson } from '../../src/adapter/accept-header.js'
import { callbackSuccessAnswer } from '../../src/adapter/callback-answer.js'
import { qrStatusBody } from '../../src/adapter/qr-json.js'
import { renderQrPage } from '../../src/adapter/qr-page.js'
import type { MerchantToken } from '../../src/stores/types.js'

const merchant = (via: MerchantToken['via']): MerchantToken => ({
  authAppId: '2021<b>',
  userId: '2088',
  appAuthToken: 'secret-token',
  appRefreshToken: 'secret-refresh',
  expiresAt: 0,
  refreshExpiresAt: 0,
  authorizedAt: 0,
  updatedAt: 0,
  status: 'active',
  via,
})

describe('the QR page', () => {
  it('escapes the link and the status URL and shows the expiry as ISO 8601', () => {
    const html = renderQrPage({
      url: 'https://isv.example/q/"><script>x</script>',
      statusUrl: 'https://isv.example/q/"onload="x/status',
      expiresAt: Date.UTC(2026, 0, 2, 3, 4, 5),
      qrSvg: '<svg></svg>',
    })
    expect(html).not.toContain('"><script>x')
    expect(html).not.toContain('"onload="')
    expect(html).toContain('data-status-url="https://isv.example/q/&quot;onload=&quot;x/status"')
    expect(html).toContain('datetime="2026-01-02T03:04:05.000Z"')
    expect(html.match(/<script>/g)).toHaveLength(1)
  })
})

describe('the QR page’s way onward', () => {
  const content = {
    url: 'https://isv.example/q/s',
    statusUrl: 'https://isv.example/q/s/status',
    expiresAt: 0,
    qrSvg: '<svg></svg>',
  }

  it('offers a link to continueUrl, hidden until the status is authorized', () => {
    const html = renderQrPage({ ...content, continueUrl: '/merchants?welcome=1&"x"' })
    expect(html).toContain(
      '<p id="qr-continue" class="actions" hidden><a href="/merchants?welcome=1&amp;&quot;x&quot;">Continue on the site</a></p>',
    )
    expect(html).toMatch(/getElementById\('qr-continue'\)/)
  })

  it('says when the code points to a loopback address, which a phone cannot open', () => {
    const local = renderQrPage({ ...content, url: 'http://127.0.0.1:3000/alipay/authorize/qr/s' })
    expect(local).toContain('id="qr-local"')
    expect(local).toContain('which only this computer can open')
    const lan = renderQrPage({ ...content, url: 'http://192.168.1.20:3000/alipay/authorize/qr/s' })
    expect(lan).not.toContain('id="qr-local"')
  })

  it('offers none without continueUrl', () => {
    expect(renderQrPage(content)).not.toContain('id="qr-continue"')
  })
})

describe('qrStatusBody', () => {
  it('answers the wire shape: snake_case ids, error only when failed, ISO expiry', () => {
    const expiresAt = Date.UTC(2026, 0, 1)
    expect(
      qrStatusBody({
        status: 'authorized',
        merchants: [{ authAppId: '2021', userId: '2088' }],
        expiresAt,
      }),
    ).toEqual({
      status: 'authorized',
      merchants: [{ auth_app_id: '2021', user_id: '2088' }],
      expires_at: '2026-01-01T00:00:00.000Z',
    })
    const error = { code: 'ALIPAY_CODE_INVALID', message: 'm' }
    expect(qrStatusBody({ status: 'failed', merchants: [], error, expiresAt })).toMatchObject({
      error,
    })
  })
})

describe('prefersJson', () => {
  it.each([
    ['application/json', true],
    ['application/json, text/plain, */*', true],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', false],
    ['text/html, application/json', false],
    ['*/*', false],
    [undefined, false],
  ])('%s → %s', (accept, expected) => {
    expect(prefersJson(accept)).toBe(expected)
  })
})

describe('callbackSuccessAnswer', () => {
  it('tells the phone of a QR authorization to look back at the computer, whatever successRedirect says', () => {
    const answer = callbackSuccessAnswer([merchant('qr')], '/dashboard')
    expect(answer).toEqual({ html: expect.stringContaining('look back at your computer') })
    expect(JSON.stringify(answer)).not.toContain('secret')
    expect(JSON.stringify(answer)).toContain('2021&lt;b&gt;')
  })

  it('sends any other callback to successRedirect, or to the page listing the merchants', () => {
    expect(callbackSuccessAnswer([merchant('browser')], '/dashboard')).toEqual({
      redirect: '/dashboard',
    })
    const page = callbackSuccessAnswer([merchant('browser')], undefined)
    expect(page).toEqual({
      html: expect.stringContaining('These merchant apps are now authorized'),
    })
  })
})
