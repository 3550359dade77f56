import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { browserAccept, ScenarioBrowser } from '@alipay-isv/adapter-scenarios'
import { AppAuth, FileStore, toPem } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { freePort, registerExampleApp, repoRoot } from '@alipay-isv/demo'
import { type RunningMockAlipay, startMockAlipay } from '@alipay-isv/mock-alipay'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveOnConsentPage } from './support/consent.js'
import { STARTUP_TIMEOUT_MS } from './support/world.js'

/**
 * Each README's first example, taken from the README as it is and run as its prose says, against
 * the emulator: a README that stops working fails here.
 */

/** tsx's loader, by path: the examples run with another working directory than this package's. */
const tsx = pathToFileURL(createRequire(join(repoRoot, 'package.json')).resolve('tsx')).href

/** The emulator's single-app demo merchant (its default merchants). */
const merchant = { userId: '2088101122334455', authAppId: '2021004100000001' }

/** The first ```ts block of a README. */
async function firstTsExample(readme: string): Promise<string> {
  const text = await readFile(join(repoRoot, readme), 'utf8')
  const code = /^```ts\n([\s\S]*?)^```$/m.exec(text)?.[1]
  if (code === undefined) throw new Error(`${readme} has no \`\`\`ts example`)
  return code
}

interface RunningExample {
  process: ChildProcess
  output: () => string
  exited: Promise<[number | null, NodeJS.Signals | null]>
}

/**
 * Saves the example next to a package that has its dependencies installed (the file's imports
 * resolve from there, as in a project of one's own) and runs it with tsx, its working directory
 * a fresh one for whatever it writes.
 */
async function runExample(
  code: string,
  besidePackage: string,
  workDir: string,
  env: Record<string, string>,
): Promise<RunningExample & { file: string }> {
  const file = join(repoRoot, besidePackage, `.readme-example-${process.pid}-${Date.now()}.mts`)
  await writeFile(file, code)
  const child = spawn(process.execPath, ['--import', tsx, file], {
    cwd: workDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  return { process: child, output: () => output, exited, file }
}

async function waitUntilServing(url: string, example: RunningExample): Promise<void> {
  let running = true
  void example.exited.then(() => {
    running = false
  })
  for (let waited = 0; waited < STARTUP_TIMEOUT_MS - 10_000; waited += 200) {
    if (!running) throw new Error(`the example exited before it listened:\n${example.output()}`)
    const answered = await fetch(url, { redirect: 'manual' }).then(
      () => true,
      () => false,
    )
    if (answered) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`the example did not listen in time:\n${example.output()}`)
}

describe('the first example of each README, against the emulator', () => {
  let alipay: RunningMockAlipay
  let dir: string
  let env: Record<string, string>
  let port: number

  beforeAll(async () => {
    alipay = await startMockAlipay()
    dir = await mkdtemp(join(tmpdir(), 'readme-examples-'))
    const { privateKey } = testKeyPair('app')
    port = await freePort()
    const exampleUrl = `http://127.0.0.1:${port}`
    await registerExampleApp(alipay, { appId: '2021000000000001', privateKey, exampleUrl })
    await writeFile(join(dir, 'app-private-key.pem'), toPem(privateKey))
    await writeFile(join(dir, 'alipay-public-key.pem'), alipay.alipayPublicKey)
    // What the emulator's CLI prints for its demo app, and a cookie secret.
    env = {
      ALIPAY_APP_ID: '2021000000000001',
      ALIPAY_PRIVATE_KEY_FILE: join(dir, 'app-private-key.pem'),
      ALIPAY_PUBLIC_KEY_FILE: join(dir, 'alipay-public-key.pem'),
      ALIPAY_GATEWAY: `${alipay.url}/gateway.do`,
      ALIPAY_AUTH_URL: `${alipay.url}/oauth2/appToAppAuth.htm`,
      ALIPAY_REDIRECT_URI: `${exampleUrl}/alipay/callback`,
      COOKIE_SECRET: 'readme-example-cookie-secret-of-32-characters',
      PORT: String(port),
    }
  }, STARTUP_TIMEOUT_MS)

  afterAll(async () => {
    await alipay?.close()
    await rm(dir, { recursive: true, force: true })
  })

  /** Runs a server example, authorizes the demo merchant through it, and stops it. */
  async function authorizeThrough(
    readme: string,
    besidePackage: string,
    afterCallback: (browser: ScenarioBrowser) => Promise<void>,
  ): Promise<void> {
    const workDir = await mkdtemp(join(dir, 'work-'))
    const example = await runExample(await firstTsExample(readme), besidePackage, workDir, env)
    const base = `http://127.0.0.1:${port}`
    try {
      await waitUntilServing(`${base}/alipay/authorize`, example)
      const browser = new ScenarioBrowser(base)
      const toConsent = await browser.get('/alipay/authorize')
      expect(toConsent.status, example.output()).toBe(302)
      const consent = toConsent.headers.get('location') ?? ''
      expect(consent.startsWith(env.ALIPAY_AUTH_URL ?? ''), consent).toBe(true)
      const callback = await approveOnConsentPage(consent, merchant.userId)
      const landed = await browser.get(callback, { accept: browserAccept })
      expect([200, 302], `${landed.status}: ${example.output()}`).toContain(landed.status)
      await afterCallback(browser)
    } finally {
      example.process.kill('SIGTERM')
      await example.exited
      await rm(example.file, { force: true })
    }
  }

  const listsTheMerchant = async (browser: ScenarioBrowser) => {
    const merchants = (await (await browser.get('/merchants')).json()) as Array<{
      authAppId: string
      status: string
    }>
    expect(merchants).toContainEqual(
      expect.objectContaining({ authAppId: merchant.authAppId, status: 'active' }),
    )
  }

  /** The README's `/orders/:merchant` route, over a stubbed `alipay.trade.query`. */
  async function queriesAnOrderThrough(readme: string): Promise<void> {
    await alipay.admin.stub({
      method: 'alipay.trade.query',
      response: { out_trade_no: '1', trade_status: 'TRADE_SUCCESS' },
    })
    await authorizeThrough(readme, 'apps/example-fastify', async (browser) => {
      await listsTheMerchant(browser)
      const order = await browser.get(`/orders/${merchant.authAppId}`)
      expect(await order.json()).toMatchObject({ out_trade_no: '1', trade_status: 'TRADE_SUCCESS' })
    })
  }

  it(
    'README.md (Fastify): authorizes a merchant, lists it, and queries an order for it',
    () => queriesAnOrderThrough('README.md'),
    STARTUP_TIMEOUT_MS,
  )

  it(
    'packages/fastify-plugin/README.md: authorizes a merchant, lists it, and has a token for it',
    () =>
      authorizeThrough(
        'packages/fastify-plugin/README.md',
        'apps/example-fastify',
        async (browser) => {
          await listsTheMerchant(browser)
          const token = await browser.get(`/merchants/${merchant.authAppId}/token`)
          expect(await token.json()).toEqual({ ok: true })
        },
      ),
    STARTUP_TIMEOUT_MS,
  )

  it(
    'packages/koa-middleware/README.md: authorizes a merchant, lists it, and has a token for it',
    () =>
      authorizeThrough('packages/koa-middleware/README.md', 'apps/example-koa', async (browser) => {
        await listsTheMerchant(browser)
        const token = await browser.get(`/token?merchant=${merchant.authAppId}`)
        expect(((await token.json()) as { length: number }).length).toBeGreaterThan(0)
      }),
    STARTUP_TIMEOUT_MS,
  )

  it(
    'packages/core/README.md (node:http): authorizes a merchant, lists it, and queries an order for it',
    () => queriesAnOrderThrough('packages/core/README.md'),
    STARTUP_TIMEOUT_MS,
  )

  it(
    'packages/alipay-sdk/README.md: queries an order through the official SDK for every merchant stored',
    async () => {
      const workDir = await mkdtemp(join(dir, 'work-'))
      // A merchant that authorized the app, stored where the example looks, as a callback stores it.
      const store = await FileStore.open({ dir: join(workDir, 'alipay-data') })
      const auth = new AppAuth({
        appId: env.ALIPAY_APP_ID ?? '',
        privateKey: testKeyPair('app').privateKey,
        alipayPublicKey: alipay.alipayPublicKey,
        gateway: env.ALIPAY_GATEWAY,
        redirectUri: env.ALIPAY_REDIRECT_URI ?? '',
        store,
      })
      const authorized = await alipay.admin.authorize({
        app_id: env.ALIPAY_APP_ID ?? '',
        user_id: merchant.userId,
      })
      await auth.exchangeCode(authorized.app_auth_code)
      await auth.close()
      await store.close()
      await alipay.admin.stub({
        auth_app_id: merchant.authAppId,
        method: 'alipay.trade.query',
        response: { out_trade_no: 'T1', trade_status: 'TRADE_SUCCESS' },
      })
      const code = await firstTsExample('packages/alipay-sdk/README.md')
      const example = await runExample(code, 'packages/alipay-sdk', workDir, env)
      try {
        const [exitCode] = await example.exited
        expect(exitCode, example.output()).toBe(0)
        expect(example.output()).toBe(`${merchant.authAppId} 10000 TRADE_SUCCESS\n`)
      } finally {
        await rm(example.file, { force: true })
      }
    },
    STARTUP_TIMEOUT_MS,
  )

  it(
    'apps/mock-alipay/README.md: exchanges a code with the emulator it starts, and ends',
    async () => {
      const workDir = await mkdtemp(join(dir, 'work-'))
      const code = await firstTsExample('apps/mock-alipay/README.md')
      const example = await runExample(code, 'apps/mock-alipay', workDir, {})
      try {
        const [exitCode] = await example.exited
        expect(exitCode, example.output()).toBe(0)
        expect(example.output()).toMatch(/^2021004100000001 \S+\n$/)
      } finally {
        await rm(example.file, { force: true })
      }
    },
    STARTUP_TIMEOUT_MS,
  )
})
