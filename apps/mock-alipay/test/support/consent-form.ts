import type { EmulatorTransport } from './alipay-client.js'

/** Presses Authorize: posts the consent form as a browser would; redirects are not followed. */
export function postConsent(emulator: EmulatorTransport, form: URLSearchParams): Promise<Response> {
  return emulator.fetch(`${emulator.baseUrl}/oauth2/appToAppAuth.htm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  })
}

/** What the consent page's form posts when a person picks `userId` and presses Authorize. */
export function consentForm(html: string, userId: string): URLSearchParams {
  const form = new URLSearchParams()
  for (const [, name, value] of html.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  ))
    form.set(name ?? '', decodeEntities(value ?? ''))
  form.set('user_id', userId)
  return form
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
}
