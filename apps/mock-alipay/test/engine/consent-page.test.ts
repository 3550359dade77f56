import { afterAll, describe, expect, it } from 'vitest'
import { newApp } from '../scenarios.js'
import { engineDoor } from '../support/engine-door.js'

const door = engineDoor()
afterAll(() => door.engine.close())
const REDIRECT = 'https://isv.example/alipay/callback'

const open = async (path: string, query: Record<string, string>) => {
  const response = await door.fetch(`${door.baseUrl}${path}?${new URLSearchParams(query)}`)
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

  it('the batch variant accepts known application types and refuses others by name', async () => {
    const appId = await newApp(door)
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
    const appId = await newApp(door)
    const response = await door.fetch(`${door.baseUrl}/oauth2/appToAppAuth.htm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        app_id: appId,
        redirect_uri: REDIRECT,
        user_id: '2088000000000000',
      }).toString(),
    })
    expect(response.status).toBe(400)
  })

  it('escapes the state it carries into the form', async () => {
    const appId = await newApp(door)
    const page = await open('/oauth2/appToAppAuth.htm', {
      app_id: appId,
      redirect_uri: REDIRECT,
      state: '"><script>',
    })
    expect(page.html).toContain('value="&#34;&#62;&#60;script&#62;"')
    expect(page.html).not.toContain('<script>')
  })
})
