import { AlipayConfigError } from '../errors.js'

export type ProxyEnvironment = Readonly<Record<string, string | undefined>>

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' }

/**
 * The proxy for calls to `target`, or undefined for a direct connection. `proxy: false` turns
 * proxies off; a `proxy` URL is used as given. Otherwise the environment decides, as curl reads
 * it: `https_proxy`/`HTTPS_PROXY` for https targets, `http_proxy`/`HTTP_PROXY` for http ones
 * (lower case first), unless `no_proxy`/`NO_PROXY` lists the target.
 */
export function proxyFor(
  target: URL,
  proxy: string | false | undefined,
  env: ProxyEnvironment = process.env,
): string | undefined {
  if (proxy === false) return undefined
  if (proxy !== undefined) return proxyUrl(proxy, 'proxy')
  const names =
    target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  const name = names.find((candidate) => env[candidate])
  if (name === undefined) return undefined
  const noProxy = env.no_proxy || env.NO_PROXY || ''
  return bypasses(target, noProxy) ? undefined : proxyUrl(env[name] as string, name)
}

/**
 * `NO_PROXY` rules, comma- or space-separated: `*` (everything), `host`, `.domain` or
 * `*.domain` (the domain's hosts; a bare `domain` matches itself and its subdomains too), each
 * optionally with `:port` to match that port only.
 */
export function bypasses(target: URL, noProxy: string): boolean {
  const host = unbracket(target.hostname.toLowerCase())
  const port = target.port || DEFAULT_PORTS[target.protocol] || ''
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true
      const { ruleHost, rulePort } = splitRule(entry.toLowerCase())
      if (rulePort !== undefined && rulePort !== port) return false
      const domain = ruleHost.replace(/^\*?\./, '')
      return host === domain || host.endsWith(`.${domain}`)
    })
}

function splitRule(entry: string): { ruleHost: string; rulePort?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
  if (bracketed) return { ruleHost: bracketed[1] as string, rulePort: bracketed[2] }
  const hostPort = /^([^:]+):(\d+)$/.exec(entry)
  if (hostPort) return { ruleHost: hostPort[1] as string, rulePort: hostPort[2] }
  return { ruleHost: entry }
}

function unbracket(host: string): string {
  return host.startsWith('[') ? host.slice(1, -1) : host
}

/** An http(s) proxy URL; a bare `host:port`, as people often set, means http://host:port. */
function proxyUrl(value: string, source: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`
  try {
    const url = new URL(withScheme)
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href
  } catch {}
  throw new AlipayConfigError(
    `${source} must be an http(s) proxy URL such as http://proxy.internal:3128; got ${JSON.stringify(withoutCredentials(value))}.`,
  )
}

/** A proxy URL may carry a password: it never goes into a message. */
function withoutCredentials(value: string): string {
  return value.replace(/\/\/[^@/]*@/, '//***@')
}
