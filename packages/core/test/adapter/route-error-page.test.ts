import { describe, expect, it } from 'vitest'
import { acceptsHtml } from '../../src/adapter/accept-header.js'
import { routeErrorFor } from '../../src/adapter/route-error-for.js'
import { renderRouteErrorPage } from '../../src/adapter/route-error-page.js'
import { AlipayApiError, AlipayStateError, AlipayStoreUnavailableError } from '../../src/errors.js'

const expired = new AlipayStateError('unknown-or-expired-state', 'core message')

describe('renderRouteErrorPage', () => {
  it('shows the stable code, the status and the message, and links to the authorize route', () => {
    const failure = routeErrorFor(expired, { authorizePath: '/alipay/authorize' })
    const html = renderRouteErrorPage(failure!)
    expect(html).toContain('Code <strong id="error-code">ALIPAY_STATE_EXPIRED</strong> (HTTP 400)')
    expect(html).toContain(`<p id="error-message">${failure?.pageMessage}</p>`)
    expect(html).toContain('<a href="/alipay/authorize">Start the authorization again</a>')
  })

  it('is one self-contained page a phone can read: inline CSS, a data-URI icon, nothing to fetch', () => {
    const html = renderRouteErrorPage(routeErrorFor(expired)!)
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(html).toMatch(/<link rel="icon" href="data:image\/svg\+xml,[^"]+">/)
    expect(html).toContain('<style>')
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
  })

  it('links to the authorize route only when its words say to start again: not for a store outage', () => {
    const outage = new AlipayStoreUnavailableError('store down')
    const failure = routeErrorFor(outage, { authorizePath: '/alipay/authorize' })!
    expect(failure.pageMessage).toMatch(/Try again in a moment\.$/)
    expect(renderRouteErrorPage(failure)).not.toContain('<a ')
  })

  it('has no link when the adapter has no authorize route', () => {
    const html = renderRouteErrorPage(routeErrorFor(expired)!)
    expect(html).toContain('Start the authorization again.')
    expect(html).not.toContain('<a ')
  })

  it('shows the developer’s detail only when asked (the adapters’ errorDetail option)', () => {
    const refusal = new AlipayApiError('refused', { code: '40004', subCode: 'isv.x' })
    const failure = routeErrorFor(refusal, { authorizePath: '/alipay/authorize' })!
    expect(renderRouteErrorPage(failure)).not.toContain('isv.x')
    expect(renderRouteErrorPage(failure, { showDetail: true })).toContain(
      '<p class="code" id="error-detail">For the developer: Alipay refused the code exchange (40004 isv.x).',
    )
  })

  it("escapes what it prints: Alipay's codes named in the detail, and the path", () => {
    const refusal = new AlipayApiError('refused', { code: '40004', subCode: '<img src=x>' })
    const failure = routeErrorFor(refusal, { authorizePath: '/a"><script>' })
    const html = renderRouteErrorPage(failure!, { showDetail: true })
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<script>')
    expect(html).toContain('40004 &lt;img src=x&gt;')
    expect(html).toContain('href="/a&quot;&gt;&lt;script&gt;"')
  })
})

describe('acceptsHtml', () => {
  it('is true for what browsers send when they follow a redirect', () => {
    expect(acceptsHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(
      true,
    )
    expect(acceptsHtml(['application/json', 'TEXT/HTML'])).toBe(true)
  })

  it('is false without an Accept header, for */* alone and for JSON clients', () => {
    expect(acceptsHtml(undefined)).toBe(false)
    expect(acceptsHtml('*/*')).toBe(false)
    expect(acceptsHtml('application/json')).toBe(false)
    expect(acceptsHtml('text/htmlx')).toBe(false)
  })
})
