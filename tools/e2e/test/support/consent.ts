import { expect } from 'vitest'
import { decodeEntities } from './pages.js'

/**
 * What a person does on the emulator's consent page: load it, keep the form's hidden fields,
 * pick a merchant, press Authorize. Returns the callback URL Alipay redirects the browser to.
 */
export async function approveOnConsentPage(consentUrl: string, userId?: string): Promise<string> {
  const page = await fetch(consentUrl)
  const html = await page.text()
  expect(page.status, html).toBe(200)
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]
  expect(action, 'the consent page has a form').toBeDefined()
  const fields = new URLSearchParams()
  for (const [, name, value] of html.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  ))
    fields.set(name ?? '', decodeEntities(value ?? ''))
  const merchants = [
    ...html.matchAll(/<input type="radio" name="user_id" id="[^"]*" value="([^"]+)"/g),
  ]
  fields.set('user_id', userId ?? decodeEntities(merchants[0]?.[1] ?? ''))
  const approved = await fetch(new URL(decodeEntities(action ?? ''), consentUrl), {
    method: 'POST',
    body: fields,
    redirect: 'manual',
  })
  expect(approved.status, await approved.clone().text()).toBe(302)
  return approved.headers.get('location') ?? ''
}
