import { afterAll, describe, expect, it } from 'vitest'
import { MockAlipayEngine } from '../../src/index.js'
import { newApp } from '../scenarios.js'
import { admin } from '../support/admin.js'
import { consentForm, postConsent } from '../support/consent-form.js'
import { inProcessEngine } from '../support/in-process-engine.js'

const emulator = inProcessEngine()
const api = admin(emulator)
afterAll(() => emulator.engine.close())
const MERCHANT = '2088101122334455'

/** Opens an invitation link and presses Authorize for MERCHANT; the response to the POST. */
async function consentThrough(url: string): Promise<Response> {
  const page = await emulator.fetch(url)
  const html = await page.text()
  return postConsent(emulator, consentForm(html, MERCHANT))
}

const invite = async (body: Record<string, unknown>) => api.call('POST', '/invites', body)

describe('invitation links (POST /__admin/invites)', () => {
  it('a link is reusable: each consent through it gets its own code, without a state', async () => {
    const appId = await newApp(emulator)
    const { url } = (await invite({ app_id: appId })).json as { url: string }
    const codes = []
    for (const _ of [1, 2]) {
      const response = await consentThrough(url)
      expect(response.status).toBe(302)
      const location = new URL(response.headers.get('location')!)
      expect(location.searchParams.has('state')).toBe(false)
      codes.push(location.searchParams.get('app_auth_code'))
    }
    expect(new Set(codes).size).toBe(2)
  })

  it('redirects to the redirect_uri the invite names instead of the registered one', async () => {
    const appId = await newApp(emulator)
    const { json } = await invite({ app_id: appId, redirect_uri: 'http://127.0.0.1:4000/cb?t=1' })
    expect(json).toMatchObject({ app_id: appId, redirect_uri: 'http://127.0.0.1:4000/cb?t=1' })
    const location = (await consentThrough(json.url as string)).headers.get('location')!
    expect(location).toMatch(
      new RegExp(
        `^http://127\\.0\\.0\\.1:4000/cb\\?t=1&app_id=${appId}&source=alipay_app_auth&app_auth_code=\\w+$`,
      ),
    )
  })

  it('after a reset the link is an error page saying to ask for a new one', async () => {
    const appId = await newApp(emulator)
    const { url } = (await invite({ app_id: appId })).json as { url: string }
    await api.call('POST', '/reset')
    await newApp(emulator, { app_id: appId })
    const page = await emulator.fetch(url)
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('ask for a new one with POST /__admin/invites')
  })

  it('a link whose redirect_uri was changed is refused', async () => {
    const appId = await newApp(emulator)
    const url = new URL((await invite({ app_id: appId })).json.url as string)
    url.searchParams.set('redirect_uri', 'https://attacker.example/cb')
    const page = await emulator.fetch(url)
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('is not the one this invitation was made for')
  })

  it('names an unknown app, a missing redirect_uri and one that is not a URL', async () => {
    expect((await invite({ app_id: '2021000000009999' })).json.error).toMatchObject({
      field: 'app_id',
    })
    const bare = await newApp(emulator, { redirect_uri: undefined })
    const missing = await invite({ app_id: bare })
    expect(missing.status).toBe(400)
    expect(missing.json.error).toMatchObject({ field: 'redirect_uri' })
    expect((await invite({ app_id: bare, redirect_uri: 'cb' })).json.error).toMatchObject({
      field: 'redirect_uri',
    })
  })

  it('POST /__admin/authorize without a state redirects without one', async () => {
    const appId = await newApp(emulator)
    const { redirect_url } = await api.authorize({ app_id: appId })
    expect(new URL(redirect_url!).searchParams.has('state')).toBe(false)
  })

  it('a data dir keeps invites: they survive a snapshot and restore', async () => {
    const appId = await newApp(emulator)
    const { url } = (await invite({ app_id: appId })).json as { url: string }
    const restored = MockAlipayEngine.restore(emulator.engine.snapshot())
    const page = await restored.handle(new Request(url))
    expect(page.status).toBe(200)
    await restored.close()
  })
})
