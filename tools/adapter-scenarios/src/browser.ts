/**
 * A tiny browser for the scenarios: keeps cookies, never follows redirects (the scenarios
 * look at every 302), and sends everything to the adapter's real port.
 */
export class ScenarioBrowser {
  readonly #cookies = new Map<string, string>()
  /** Sent before the browser's own cookies, whatever their names: what cookie tossing does. */
  readonly #planted: Array<[string, string]> = []

  constructor(readonly baseUrl: string) {}

  /**
   * `target` is a path or an absolute URL; an absolute URL is sent to the app's port (path and
   * query kept). `headers`, e.g. a browser's `accept`, go with it.
   */
  async get(target: string, headers?: Record<string, string>): Promise<Response> {
    return this.#send(target, { method: 'GET', headers })
  }

  async post(target: string, body: string, contentType: string): Promise<Response> {
    return this.#send(target, { method: 'POST', body, headers: { 'content-type': contentType } })
  }

  cookie(name: string): string | undefined {
    return this.#cookies.get(name)
  }

  setCookie(name: string, value: string): void {
    this.#cookies.set(name, value)
  }

  /**
   * A cookie set by someone else (a sibling subdomain, "cookie tossing"): sent first, beside the
   * browser's own cookie of the same name, never replaced by the app's Set-Cookie.
   */
  plantCookie(name: string, value: string): void {
    this.#planted.push([name, value])
  }

  async #send(target: string, init: RequestInit): Promise<Response> {
    const url = new URL(target, this.baseUrl)
    const headers = new Headers(init.headers)
    if (this.#cookies.size + this.#planted.length > 0) headers.set('cookie', this.#cookieHeader())
    const response = await fetch(`${this.baseUrl}${url.pathname}${url.search}`, {
      ...init,
      headers,
      redirect: 'manual',
    })
    for (const line of response.headers.getSetCookie()) this.#store(line)
    return response
  }

  #cookieHeader(): string {
    return [...this.#planted, ...this.#cookies]
      .map(([name, value]) => `${name}=${value}`)
      .join('; ')
  }

  #store(setCookie: string): void {
    const { name, value, attributes } = parseSetCookie(setCookie)
    if (value === '' || isExpired(attributes)) this.#cookies.delete(name)
    else this.#cookies.set(name, value)
  }
}

/** A parsed Set-Cookie line, for scenarios asserting attributes. */
export function parseSetCookie(line: string): {
  name: string
  value: string
  attributes: Map<string, string>
} {
  const [pair = '', ...rest] = line.split(';')
  const separator = pair.indexOf('=')
  const attributes = new Map<string, string>()
  for (const attribute of rest) {
    const [key = '', ...value] = attribute.trim().split('=')
    attributes.set(key.toLowerCase(), value.join('='))
  }
  return {
    name: pair.slice(0, separator).trim(),
    value: pair.slice(separator + 1).trim(),
    attributes,
  }
}

function isExpired(attributes: Map<string, string>): boolean {
  const maxAge = attributes.get('max-age')
  if (maxAge !== undefined) return Number(maxAge) <= 0
  const expires = attributes.get('expires')
  return expires !== undefined && Date.parse(expires) <= Date.now()
}
