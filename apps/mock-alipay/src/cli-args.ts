import { parseArgs } from 'node:util'

export const USAGE = `Usage: mock-alipay [--port 9300] [--host 127.0.0.1] [--seed seed.json] [--data-dir DIR]
                   [--no-key-cache] [--strict-timestamps] [--admin-token TOKEN] [--allow-host NAME]

An offline emulator of Alipay's app authorization (consent page, gateway, notifications).

Options:
  --port <n>            Port to listen on; 0 picks a free one. Default 9300.
  --host <host>         Interface to bind. Default 127.0.0.1.
  --seed <file>         JSON seed: apps, merchants, Alipay keys (see the README).
  --data-dir <dir>      Keep keys, apps and tokens here and reload them on the next start.
  --no-key-cache        Without --data-dir, generate fresh keys instead of reusing those kept
                        in $XDG_CACHE_HOME/mock-alipay (default ~/.cache/mock-alipay).
  --strict-timestamps   Accept a request timestamp in China time (UTC+8) only, not in any zone.
  --admin-token <token> Require authorization: Bearer <token> on every /__admin request (then
                        any Host may reach it). Also read from MOCK_ALIPAY_ADMIN_TOKEN.
  --allow-host <name>   A Host name the admin API answers besides loopback and the listening
                        address, e.g. a container's service name. Repeat for more.
  --help                Show this help.

Without --seed or --data-dir it starts clean with a demo app and prints where its
credentials are. Keys generated on the first start are kept in the key cache, so later
starts generate none. Admin API: http://HOST:PORT/__admin (see the README).`

export interface CliOptions {
  port: number
  host: string
  seedFile?: string
  dataDir?: string
  /** False with --no-key-cache. */
  keyCache: boolean
  strictTimestamps: boolean
  adminToken?: string
  allowedHosts: string[]
}

export type CliCommand = { kind: 'help' } | { kind: 'run'; options: CliOptions }

/** A flag the CLI cannot use; the CLI prints the message and exits 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError'
}

export function parseCliArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): CliCommand {
  // `pnpm start -- --port 9300` may hand the `--` through.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv]
  let values: Record<string, string | boolean | string[] | undefined>
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        'data-dir': { type: 'string' },
        'no-key-cache': { type: 'boolean' },
        'strict-timestamps': { type: 'boolean' },
        'admin-token': { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    throw new CliUsageError((error as Error).message)
  }
  if (values.help) return { kind: 'help' }
  return {
    kind: 'run',
    options: {
      port: parsePort(values.port as string | undefined),
      host: nonEmpty(values.host as string | undefined, '--host') ?? '127.0.0.1',
      seedFile: nonEmpty(values.seed as string | undefined, '--seed'),
      dataDir: nonEmpty(values['data-dir'] as string | undefined, '--data-dir'),
      keyCache: values['no-key-cache'] !== true,
      strictTimestamps: values['strict-timestamps'] === true,
      adminToken:
        nonEmpty(values['admin-token'] as string | undefined, '--admin-token') ??
        (env.MOCK_ALIPAY_ADMIN_TOKEN || undefined),
      allowedHosts: ((values['allow-host'] as string[] | undefined) ?? []).map(
        (name) => nonEmpty(name, '--allow-host') as string,
      ),
    },
  }
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 9300
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new CliUsageError(
      `--port must be a whole number from 0 to 65535 (0 picks a free port); got "${value}".`,
    )
  }
  return port
}

function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined
  if (value.trim() === '') throw new CliUsageError(`${flag} needs a value.`)
  return value
}
