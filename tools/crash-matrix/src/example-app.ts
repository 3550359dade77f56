import { startExample } from '@alipay-isv/demo'
import type { SeededEmulator } from '@alipay-isv/fleet'

/** An example's store: a FileStore directory, or the URL of a shared store (`ALIPAY_STORE_URL`). */
export type ExampleStoreConfig =
  | { kind: 'file'; dir: string }
  | { kind: 'redis' | 'postgres' | 'mysql'; url: string }

export interface ExampleAppConfig {
  example: 'fastify' | 'koa'
  /** The ISV app the emulator knows, its merchants already authorized into `store`. */
  app: SeededEmulator['app']
  store: ExampleStoreConfig
  /** `ALIPAY_TOKEN_KEYS`, keys as base64, the first encrypting. */
  tokenKeys?: Array<{ id: string; key: string }>
}

/** What an example's start-up line says its pass over interrupted refreshes did. */
export interface InterruptedRefreshes {
  finished: number
  needsReauthorization: number
  failed: number
}

/** What the merchants page answered to one of its buttons, read from its result panel. */
export interface ActionAnswer {
  /** The HTTP status; 0 when the app did not answer because it is dead. */
  status: number
  /** Refresh: the fingerprint of the merchant's token now (`tokenFingerprint` of the kit). */
  fingerprint?: string
  /** Query: the token's status as Alipay sees it (`valid`, …). */
  tokenStatus?: string
  /** Re-encrypt tokens: what it counted. */
  reencrypt?: { reencrypted: number; unchanged: number; failed: number }
  /** A refused action: the code the error panel shows. */
  error?: string
}

export interface ExampleApp {
  url: string
  /**
   * The report of the pass over interrupted refreshes the example runs as it starts; rejects with
   * its output when it warns that the pass could not run, or exits first.
   */
  interrupted: Promise<InterruptedRefreshes>
  /** The merchants page's Refresh token (`refresh`) or Query Alipay (`query`) button of a merchant. */
  press(button: 'refresh' | 'query', authAppId: string): Promise<ActionAnswer>
  /** The merchants page's Re-encrypt tokens button. */
  reencrypt(): Promise<ActionAnswer>
  /** SIGKILL, as an OOM killer or a lost host would: no shutdown code runs. */
  kill(): Promise<void>
}

const REPORT =
  /^example-\w+: interrupted refreshes: (\d+) finished, (\d+) need re-authorization, (\d+) failed$/
const WARNING = /^example-\w+: warning: interrupted refreshes/

/**
 * Starts `apps/example-<example>` as its own process, configured by environment variables only,
 * as an ISV would run it; resolves once it listens. Forced refreshes are not rate-limited
 * (`ALIPAY_MIN_REFRESH_INTERVAL_MS=0`), so that every Refresh rotates the pair and a kill can land
 * between Alipay's rotation and the store's write.
 */
export async function startExampleApp(config: ExampleAppConfig): Promise<ExampleApp> {
  let settle!: { resolve(report: InterruptedRefreshes): void; reject(error: Error): void }
  const interrupted = new Promise<InterruptedRefreshes>((resolve, reject) => {
    settle = { resolve, reject }
  })
  interrupted.catch(() => undefined) // a test that never asks for it must not fail on it
  const lines: string[] = []
  const example = await startExample(config.example, {
    env: exampleEnv(config),
    onLine: (line) => {
      lines.push(line)
      const report = REPORT.exec(line)
      if (report) {
        const [finished, needsReauthorization, failed] = report.slice(1).map(Number)
        settle.resolve({
          finished: finished!,
          needsReauthorization: needsReauthorization!,
          failed: failed!,
        })
      } else if (WARNING.test(line)) settle.reject(new Error(lines.join('\n')))
    },
  })
  const child = example.process
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let dead = false
  void exited.then(() => {
    dead = true
    settle.reject(
      new Error(`example-${config.example} exited before its report:\n${lines.join('\n')}`),
    )
  })
  const post = async (path: string): Promise<ActionAnswer> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(`${example.url}${path}`, { method: 'POST' })
        return { status: response.status, ...readResult(await response.text()) }
      } catch (error) {
        // Killed: its exit is noticed a moment after its connections drop.
        await Promise.race([exited, pause(1000)])
        if (dead) return { status: 0 }
        // Alive: the server closed an idle connection as it was reused. Sent again, a few times.
        if (attempt === 3) throw error
      }
    }
  }
  return {
    url: example.url,
    interrupted,
    press: (button, authAppId) => post(`/merchants/${encodeURIComponent(authAppId)}/${button}`),
    reencrypt: () => post('/merchants/reencrypt'),
    kill: async () => {
      child.kill('SIGKILL')
      await example.stop()
    },
  }
}

function exampleEnv({ app, store, tokenKeys }: ExampleAppConfig) {
  // Nothing of the shell's own ALIPAY_ variables: the example is configured here alone.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('ALIPAY_')),
  )
  return {
    ...inherited,
    PORT: '0',
    ALIPAY_APP_ID: app.appId,
    ALIPAY_PRIVATE_KEY: app.privateKey,
    ALIPAY_PUBLIC_KEY: app.alipayPublicKey,
    ALIPAY_GATEWAY: app.gateway,
    ALIPAY_REDIRECT_URI: app.redirectUri,
    ALIPAY_COOKIE_SECRET: 'c'.repeat(32),
    ALIPAY_MIN_REFRESH_INTERVAL_MS: '0',
    ...(store.kind === 'file'
      ? { ALIPAY_DATA_DIR: store.dir }
      : // A killed process's leases keep its merchants for this long: short here, so that the
        // restarted app finishes their refreshes within seconds rather than the default 30.
        { ALIPAY_STORE_URL: store.url, ALIPAY_REFRESH_LEASE_MS: '2000' }),
    ...(tokenKeys && {
      ALIPAY_TOKEN_KEYS: tokenKeys.map(({ id, key }) => `${id}:${key}`).join(','),
    }),
  }
}

/** The result panel above the merchants (`id="result"`, or `id="result-error"` when refused). */
function readResult(page: string): Omit<ActionAnswer, 'status'> {
  const error = /<strong id="error-code">([^<]+)<\/strong>/.exec(page)?.[1]
  if (error !== undefined) return { error }
  const panel =
    /<div class="panel [a-z]+" id="result" data-action="[a-z-]+"[^>]*>([\s\S]*?)<\/div>/.exec(
      page,
    )?.[1] ?? ''
  const fingerprint = /<code class="fingerprint">([0-9a-f]+)<\/code>/.exec(panel)?.[1]
  const tokenStatus = /<dd data-field="status">([^<]*)<\/dd>/.exec(panel)?.[1]
  const counts =
    /Re-encrypted (\d+) merchant records under the first key; (\d+) already were\.(?: <strong>(\d+) could not be<\/strong>)?/.exec(
      panel,
    )
  return {
    ...(fingerprint !== undefined && { fingerprint }),
    ...(tokenStatus !== undefined && { tokenStatus }),
    ...(counts && {
      reencrypt: {
        reencrypted: Number(counts[1]),
        unchanged: Number(counts[2]),
        failed: Number(counts[3] ?? 0),
      },
    }),
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
