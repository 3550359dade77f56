import { type Dispatcher, ProxyAgent, fetch as undiciFetch } from 'undici'

/**
 * A `fetch` whose requests go through the proxy at `proxyUrl`. Node 20's global fetch cannot
 * take a proxy, and a dispatcher from this undici may not be accepted by the copy bundled in
 * Node, so undici's own `fetch` carries it. HTTPS targets are tunnelled with CONNECT; plain
 * HTTP ones (the emulator) are forwarded as absolute-URI requests, which proxies allow more
 * often than CONNECT to ports other than 443. Connections to the proxy are kept alive and
 * reused. `requestTls` is for tests that trust their own certificate authority.
 */
export function proxiedFetch(
  proxyUrl: string,
  target: URL,
  requestTls?: ProxyAgent.Options['requestTls'],
): typeof fetch {
  const dispatcher: Dispatcher = new ProxyAgent({
    uri: proxyUrl,
    proxyTunnel: target.protocol === 'https:',
    requestTls,
  })
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    })) as unknown as typeof fetch
}
