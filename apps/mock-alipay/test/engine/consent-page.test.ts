import { afterAll, describe, expect, it } from 'vitest'
import { newApp } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { postConsent } from '../support/consent-form.js'
import { inProcessEngine } from '../support/in-process-engine.js'

const emulator = inProcessEngine()
afterAll(() => emulator.engine.close())
const REDIRECT = 'https://isv.example/alipay/callback'

const open = async (path: string, query: Record<string, string>) => {
  const response = await emulator.fetch(`${emulator.baseUrl}${path}?${new URLSearchParams(query)}`)
  return { status: response.status, html: await response.text() }
}

describe('the consent page (docs/protocol.md §2)', () => {
  it('an unknown app_id gets an HTML error page that says how to register the app', async () => {
    const page = await open('/oauth2/appToAppAuth.htm', {
      app_id: '2021000000000999',
      redirect_uri: REDIRECT,
    })
    expect(page.status).toBe(400)
    expect(page.html).toContain('<p id="error">app_id 2021000000000999 is not a registered app')
  })

  it('lists the APIs the emulator answers for the app among what the merchant grants', async () => {
    const appId = await newApp(emulator)
    await admin(emulator).addStub({ app_id: appId, method: 'alipay.trade.refund' })
    await admin(emulator).addStub({ http_method: 'POST', path: '/v3/alipay/trade/query' })
    await admin(emulator).addStub({ app_id: 'another-app', method: 'alipay.trade.close' })
    const page = await open('/oauth2/appToAppAuth.htm', { app_id: appId, redirect_uri: REDIRECT })
    const granted = /<ul id="granted-apis">(.*?)<\/ul>/.exec(page.html)?.[1]
    expect(granted).toBe(
      '<li><code>alipay.trade.query</code></li><li><code>alipay.trade.refund</code></li>',
    )
  })

  it('the batch variant accepts known application types and refuses others by name', async () => {
    const appId = await newApp(emulator)
    const ok = await open('/oauth2/appToAppBatchAuth.htm', {
      app_id: appId,
      redirect_uri: REDIRECT,
      application_type: 'WEBAPP,TINYAPP',
    })
    expect(ok.html).toContain('name="application_type" value="WEBAPP,TINYAPP"')
    const bad = await open('/oauth2/appToAppBatchAuth.htm', {
      app_id: appId,
      redirect_uri: REDIRECT,
      application_type: 'WEBAPP,DESKTOP',
    })
    expect(bad.html).toContain('application_type DESKTOP is not one of')
  })

  it('pressing Authorize without a known merchant is an error page, not a redirect', async () => {
    const appId = await newApp(emulator)
    const response = await postConsent(
      emulator,
      new URLSearchParams({ app_id: appId, redirect_uri: REDIRECT, user_id: '2088000000000000' }),
    )
    expect(response.status).toBe(400)
  })

  it('names the app by its app_name, escaped, and says where the browser goes back to', async () => {
    const appId = await newApp(emulator, { app_name: 'Tea & <b>Co</b>' })
    const page = await open('/oauth2/appToAppAuth.htm', { app_id: appId, redirect_uri: REDIRECT })
    expect(page.html).toContain(
      '<h1>Tea &#38; &#60;b&#62;Co&#60;/b&#62; asks to act for your merchant account</h1>',
    )
    expect(page.html).toContain('goes back to https://isv.example.')
    expect(page.html).toContain('<button type="submit" name="decision" value="cancel" id="cancel">')
  })

  it('is one self-contained page: inline CSS, a data-URI icon, a phone viewport, nothing to fetch', async () => {
    const page = await open('/oauth2/appToAppAuth.htm', {
      app_id: await newApp(emulator),
      redirect_uri: REDIRECT,
    })
    expect(page.html).toContain(
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
    )
    expect(page.html).toMatch(/<link rel="icon" href="data:image\/svg\+xml,[^"]+">/)
    expect(page.html).not.toMatch(/(src|href)="(https?:)?\/\//)
    expect(page.html).not.toMatch(/@import|url\(/)
  })

  it('Cancel issues no code and redirects nowhere: a page says nothing was granted', async () => {
    const appId = await newApp(emulator)
    const codes = emulator.engine.state.codes.size
    const response = await postConsent(
      emulator,
      new URLSearchParams({
        app_id: appId,
        redirect_uri: REDIRECT,
        state: 's',
        user_id: '2088101122334455',
        decision: 'cancel',
      }),
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('location')).toBeNull()
    expect(await response.text()).toContain('<h1 id="cancelled">Authorization cancelled</h1>')
    expect(emulator.engine.state.codes.size).toBe(codes)
  })

  it('escapes the state it carries into the form', async () => {
    const appId = await newApp(emulator)
    const page = await open('/oauth2/appToAppAuth.htm', {
      app_id: appId,
      redirect_uri: REDIRECT,
      state: '"><script>',
    })
    expect(page.html).toContain('value="&#34;&#62;&#60;script&#62;"')
    expect(page.html).not.toContain('<script>')
  })
})
