import { networkInterfaces } from 'node:os'

/**
 * The machine's address on its local network (the first non-internal IPv4), which a phone on
 * the same Wi-Fi can open; undefined when the machine has none.
 */
export function lanAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address
    }
  }
  return undefined
}
