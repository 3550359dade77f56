import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parsePrivateKey } from '@alipay-isv/core'
import { createAdminClient, type RunningMockAlipay, startMockAlipay } from '@alipay-isv/mock-alipay'
import { banner } from './banner.js'
import { authorizeWithoutQuery, stubTradeQuery } from './business-calls.js'
import { DEMO_APP_ID, demoFiles, registerExampleApp } from './demo-app.js'
import type { DemoStore } from './demo-args.js'
import { demoStoreUrl } from './demo-store.js'
import { exampleEnv } from './example-env.js'
import { type ExampleName, type RunningExample, startExample } from './example-process.js'
import type { DemoNetwork } from './lan-address.js'
import { portFor } from './ports.js'
import { type TrustModeName, writeTrustFiles } from './trust-files.js'

export interface DemoOptions {
  name: ExampleName
  mode: TrustModeName
  store: DemoStore
  /** Where both listen, and with `--lan` the address their URLs use (`demoNetwork`). */
  network: DemoNetwork
  /** The state directory, kept between runs. */
  dir: string
  /** The ports tried first; taken when free, else any. Default 9300 and 3000. */
  ports?: { emulator: number; example: number }
  /** Each line the example writes, as a person reads it (Fastify's JSON made readable). */
  onLine?: (line: string) => void
}

export interface RunningDemo {
  alipay: RunningMockAlipay
  example: RunningExample
  /** Where the example is opened: `http://<LAN address or 127.0.0.1>:<port>`. */
  exampleUrl: string
  /**
   * Makes the invitation link and the business-call stubs, then says what to do: the text the
   * demo prints once both run.
   */
  banner(): Promise<string>
  /** Stops the example, then the emulator; resolves with the example's exit code. */
  stop(): Promise<number | null>
}

/**
 * The emulator, listening on `network.listen`; with a LAN address, its URL (the one the example,
 * the QR code and the consent page use) on that address, which its admin API then answers too.
 */
async function startEmulator(
  dir: string,
  network: DemoNetwork,
  port: number,
): Promise<RunningMockAlipay> {
  const { listen, lan } = network
  const started = await startMockAlipay({
    host: listen,
    port: await portFor(listen, port),
    dataDir: join(dir, 'mock-alipay'),
    ...(lan === undefined ? {} : { allowedHosts: [lan] }),
  })
  if (lan === undefined) return started
  const url = `http://${lan}:${new URL(started.url).port}`
  return { ...started, url, admin: createAdminClient(url) }
}

/** The emulator and the example against it, the demo app registered with it. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const { name, mode, network, dir } = options
  const ports = options.ports ?? { emulator: 9300, example: 3000 }
  const storeUrl = await demoStoreUrl(options.store)
  const alipay = await startEmulator(dir, network, ports.emulator)
  try {
    // The emulator's state (and its clock offset) is kept in dir between runs: say so when moved.
    const { offset_seconds: carriedOffset } = await alipay.admin.clock()
    const files = await demoFiles(dir)
    const port = await portFor(network.listen, ports.example)
    const exampleUrl = `http://${network.lan ?? network.listen}:${port}`
    const privateKey = parsePrivateKey(await readFile(files.privateKeyFile, 'utf8'))
    const registered = await registerExampleApp(alipay, {
      appId: DEMO_APP_ID,
      privateKey,
      exampleUrl,
      // Alipay's tokens are long-lived in practice; the demo's expire, so moving the clock shows.
      tokenExpiry: 'enforce',
    })
    const example = await startExample(name, {
      env: exampleEnv({
        appId: DEMO_APP_ID,
        ...files,
        trust: await writeTrustFiles(dir, alipay, registered, mode),
        alipay,
        host: network.listen,
        port,
        dataDir: join(dir, `${name}-data`),
        extra: {
          // Error pages show the developer's detail too; the app's log has it either way.
          NODE_ENV: 'development',
          ALIPAY_REDIRECT_URI: `${exampleUrl}/alipay/callback`,
          ...(storeUrl === undefined ? {} : { ALIPAY_STORE_URL: storeUrl }),
        },
      }),
      onLine: options.onLine,
      ownProcessGroup: true,
    })
    return {
      alipay,
      example,
      exampleUrl,
      banner: async () => {
        // Like a link from the Alipay console's 邀请商家授权: no state, so the example takes it
        // only because its ALIPAY_INVITES is on (the adapters' `invites` option).
        const invitation = await alipay.admin.invite({ app_id: DEMO_APP_ID })
        await stubTradeQuery(alipay.admin, DEMO_APP_ID)
        await authorizeWithoutQuery(alipay.admin, DEMO_APP_ID)
        return banner({
          name,
          mode,
          lan: network.lan,
          dir,
          exampleUrl,
          alipayUrl: alipay.url,
          invitation: invitation.url,
          carriedOffset,
          storeUrl,
        })
      },
      stop: async () => {
        const code = await example.stop()
        await alipay.close()
        return code
      },
    }
  } catch (error) {
    await alipay.close()
    throw error
  }
}
