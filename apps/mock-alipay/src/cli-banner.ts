import type { CliOptions } from './cli-args.js'
import type { DemoApp } from './demo-app.js'
import type { KeyCache } from './key-cache.js'
import type { RunningMockAlipay } from './start.js'

/**
 * What the CLI prints once it listens: the URL first (readers wait for that line), the demo
 * app's credentials as environment variables, where keys and state live, and last the admin
 * API. No secret: the private key stays in its file, the admin token is only named.
 */
export function startBanner(
  alipay: RunningMockAlipay,
  options: CliOptions,
  keyCache: KeyCache | undefined,
  demo: DemoApp | undefined,
  temporary: boolean | undefined,
): string[] {
  const lines = [`mock-alipay listening on ${alipay.url}`]
  if (demo) {
    lines.push(`Demo app ${demo.credentials.app_id}: credentials in ${demo.file}`)
    for (const [name, value] of Object.entries(demo.credentials.env))
      lines.push(`  ${name}=${value}`)
    if (temporary) lines.push('  (these files are removed when the emulator stops)')
  } else {
    const appIds = alipay.engine.snapshot().apps.map((app) => app.app_id)
    lines.push(`Apps from ${options.seedFile}: ${appIds.join(', ') || '(none)'}`)
  }
  if (options.dataDir) lines.push(`State kept in ${options.dataDir}`)
  else if (keyCache?.generatedAny)
    lines.push(
      `Keys generated and kept in ${keyCache.dir} for later starts (--no-key-cache for fresh ones)`,
    )
  else if (keyCache) lines.push(`Keys read from ${keyCache.dir} (--no-key-cache for fresh ones)`)
  if (options.strictTimestamps) lines.push('Strict timestamps: China time (UTC+8) only')
  // Last, as readers of the banner expect. The token itself is never printed.
  const access = options.adminToken
    ? 'authorization: Bearer <the --admin-token>'
    : `Host: loopback, ${options.host}${options.allowedHosts.map((name) => `, ${name}`).join('')}`
  lines.push(
    `Admin API: ${alipay.url}/__admin (${access}; Alipay public key: GET ${alipay.url}/__admin/keys)`,
  )
  return lines
}
