import { describe, expect, it } from 'vitest'
import { renderAuthorizedPage } from '../../src/adapter/authorized-page.js'

describe('renderAuthorizedPage', () => {
  it('lists every authorized merchant app with its merchant', () => {
    const html = renderAuthorizedPage([
      { authAppId: '2021000000000001', userId: '2088000000000001' },
      { authAppId: '2021000000000002', userId: '2088000000000002' },
    ])
    expect(html).toContain('<code>2021000000000001</code> (merchant <code>2088000000000001</code>)')
    expect(html).toContain('<code>2021000000000002</code>')
  })

  it('escapes the ids, which come from Alipay’s answer', () => {
    const html = renderAuthorizedPage([{ authAppId: '<script>"x"&\'y\'', userId: '2088' }])
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;')
  })
})
