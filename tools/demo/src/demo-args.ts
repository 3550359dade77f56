import type { ExampleName } from './example-process.js'
import type { TrustModeName } from './trust-files.js'

export type DemoStore = 'file' | 'redis' | 'postgres' | 'mysql'

export interface DemoArgs {
  name: ExampleName
  mode: TrustModeName
  store: DemoStore
  /** `--lan`: on the machine's network address, so a phone can scan the QR code. */
  lan: boolean
}

const STORES = new Set<DemoStore>(['file', 'redis', 'postgres', 'mysql'])
const USAGE = 'pnpm demo [fastify|koa] [--cert] [--lan] [--store file|redis|postgres|mysql]'

/**
 * `[fastify|koa] [--cert] [--lan] [--store <kind>]`, a lone `--` (pnpm's) ignored; an error says
 * the usage.
 */
export function parseDemoArgs(args: string[]): DemoArgs {
  let name: string | undefined
  let cert = false
  let lan = false
  let store: string = 'file'
  const rest = args.filter((arg) => arg !== '--')
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string
    if (arg === '--cert') cert = true
    else if (arg === '--lan') lan = true
    else if (arg === '--store') store = rest[++i] ?? ''
    else if (arg.startsWith('--store=')) store = arg.slice('--store='.length)
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}; use: ${USAGE}`)
    else if (name === undefined) name = arg
    else throw new Error(`unexpected "${arg}"; use: ${USAGE}`)
  }
  name ??= 'fastify'
  if (name !== 'fastify' && name !== 'koa')
    throw new Error(`unknown example "${name}"; use: ${USAGE}`)
  if (!STORES.has(store as DemoStore)) {
    throw new Error(`unknown store "${store}"; use: ${USAGE}`)
  }
  return { name, mode: cert ? 'certificate' : 'public-key', store: store as DemoStore, lan }
}
