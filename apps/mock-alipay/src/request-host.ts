/**
 * Reading the `Host` header the HTTP server receives. The engine routes on the path alone, so the
 * host only names the origin: it must be a host (an optional port), nothing that could carry a
 * path, or the emulator could be steered (a `Host` of `127.0.0.1:9300/__admin` made `/apps` an
 * admin route).
 */

const HOST =
  /^(?:\[(?<ipv6>[0-9A-Fa-f:.]+)\]|(?<name>[A-Za-z0-9._~!$&'()*+,;=-]+))(?::(?<port>\d{1,5}))?$/

export interface ParsedHost {
  /** Lower case; an IPv6 address without its brackets (`::1`). */
  name: string
  /** As sent, e.g. `127.0.0.1:9300`. */
  host: string
}

/** The `Host` header's name and port, or undefined when it is not a host. */
export function parseHost(header: string): ParsedHost | undefined {
  const groups = HOST.exec(header)?.groups
  const name = groups?.ipv6 ?? groups?.name
  if (!name || Number(groups?.port ?? 0) > 65535) return undefined
  return { name: name.toLowerCase(), host: header }
}

/** The path and query of a request target, also of an absolute-form one (`GET http://h/p`). */
export function pathAndQuery(target: string): string {
  if (target.startsWith('/')) return target
  try {
    const url = new URL(target)
    return `${url.pathname}${url.search}`
  } catch {
    return `/${target}`
  }
}

/** Whether `name` (from `parseHost`) is a loopback address or `localhost`. */
export function isLoopbackName(name: string): boolean {
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i.test(name)
  )
}
