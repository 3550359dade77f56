import type { Dispatcher, ProxyAgent } from 'undici'

type UndiciFetch = typeof import('undici').fetch

/**
 * A `fetch` whose requests go through the proxy at `proxyUrl`. Node 20's global fetch cannot
 * take a proxy, and a dispatcher from this undici may not be accepted by the copy bundled in
 * Node, so undici's own `fetch` carries it. HTTPS targets are tunnelled with CONNECT; plain
 * HTTP ones (the emulator) are forwarded as absolute-URI requests, which proxies allow more
 * often than CONNECT to ports other than 443. Connections to the proxy are kept alive and
 * reused. `requestTls` is for tests that trust their own certificate authority.
 *
 * undici (2 MB, a third of core's import time) is imported on the first request, so an app
 * without a proxy never loads it.
 */
export function proxiedFetch(
  proxyUrl: string,
  target: URL,
  requestTls?: ProxyAgent.Options['requestTls'],
): typeof fetch {
  let loading: Promise<{ dispatcher: Dispatcher; fetch: UndiciFetch }> | undefined
  const load = async () => {
    const undici = await import('undici')
    const dispatcher = new undici.ProxyAgent({
      uri: proxyUrl,
      proxyTunnel: target.protocol === 'https:',
      requestTls,
    })
    return { dispatcher, fetch: undici.fetch }
  }
  return (async (input: string | URL, init?: RequestInit) => {
    loading ??= load()
    const { dispatcher, fetch } = await loading
    return fetch(input, { ...(init as Parameters<UndiciFetch>[1]), dispatcher })
  }) as unknown as typeof fetch
}
