import { type NetworkInterfaceInfo, networkInterfaces } from 'node:os'

/** What `os.networkInterfaces()` returns. */
export type InterfaceList = NodeJS.Dict<NetworkInterfaceInfo[]>

const LOOPBACK = '127.0.0.1'
const ALL_INTERFACES = '0.0.0.0'

/** Where the demo's emulator and example listen, and the host their URLs are printed with. */
export interface DemoNetwork {
  /** The address both servers bind. */
  listen: string
  /** With `--lan`: the machine's network address, used in every URL instead of 127.0.0.1. */
  lan?: string
}

/**
 * The machine's address on its local network (the first non-internal IPv4), which a phone on
 * the same Wi-Fi can open; undefined when the machine has none.
 */
export function lanAddress(interfaces: InterfaceList = networkInterfaces()): string | undefined {
  for (const addresses of Object.values(interfaces)) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address
    }
  }
  return undefined
}

/**
 * Loopback only; with `--lan` (or `HOST=0.0.0.0`) every interface, the URLs on the machine's
 * LAN address so a phone on the same network can open them. Throws when the machine has no
 * address besides loopback.
 */
export function demoNetwork(
  wanted: { lan: boolean; host?: string },
  interfaces: InterfaceList = networkInterfaces(),
): DemoNetwork {
  if (!wanted.lan && wanted.host !== ALL_INTERFACES) return { listen: LOOPBACK }
  const lan = lanAddress(interfaces)
  if (lan === undefined) {
    throw new Error('--lan: this machine has no network address besides loopback.')
  }
  return { listen: ALL_INTERFACES, lan }
}
