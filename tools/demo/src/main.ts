/**
 * `pnpm demo [fastify|koa]`: the emulator on 9300 (or a free port), the demo app registered
 * with it, the example on 3000 (or a free port) against it. Ctrl-C stops both.
 * State lives in `.local/demo/` (gitignored) and is reused by the next run.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parsePrivateKey } from '@alipay-isv/core'
import { startMockAlipay } from '@alipay-isv/mock-alipay'
import { DEMO_APP_ID, demoFiles, registerExampleApp } from './demo-app.js'
import { exampleEnv } from './example-env.js'
import { type ExampleName, repoRoot, startExample } from './example-process.js'
import { portFor } from './ports.js'

const HOST = '127.0.0.1'

async function main(name: ExampleName): Promise<void> {
  const dir = join(repoRoot, '.local', 'demo')
  const alipay = await startMockAlipay({
    host: HOST,
    port: await portFor(HOST, 9300),
    dataDir: join(dir, 'mock-alipay'),
  })
  const files = await demoFiles(dir, alipay)
  const port = await portFor(HOST, 3000)
  const exampleUrl = `http://${HOST}:${port}`
  const privateKey = parsePrivateKey(await readFile(files.privateKeyFile, 'utf8'))
  await registerExampleApp(alipay, { appId: DEMO_APP_ID, privateKey, exampleUrl })
  const example = await startExample(name, {
    env: exampleEnv({
      appId: DEMO_APP_ID,
      ...files,
      alipay,
      host: HOST,
      port,
      dataDir: join(dir, `${name}-data`),
    }),
    onLine: (line) => process.stdout.write(`[example-${name}] ${line}\n`),
  }).catch(async (error: unknown) => {
    await alipay.close()
    throw error
  })

  let stopping = false
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) return
    stopping = true
    process.stdout.write(`\n${reason}: stopping the example and the emulator…\n`)
    await example.stop()
    await alipay.close()
    process.exit(exitCode)
  }
  process.on('SIGINT', () => void stop('SIGINT', 0))
  process.on('SIGTERM', () => void stop('SIGTERM', 0))
  example.process.once('exit', (code) => void stop(`example-${name} exited (${code})`, 1))

  process.stdout.write(`
  Alipay ISV demo (${name}) — no Alipay account needed

  Open ${example.url}/ and press "Authorize with Alipay".

  The emulator (mock-alipay) runs at ${alipay.url}; try, while the demo runs:
    curl -X POST ${alipay.url}/__admin/clock -H 'content-type: application/json' -d '{"advance_seconds": 31536000}'
    curl -X POST ${alipay.url}/__admin/merchants/cancel -H 'content-type: application/json' -d '{"app_id": "${DEMO_APP_ID}", "user_id": "<user_id from /merchants>"}'
  State is kept in ${dir} (delete it to start over). Ctrl-C stops both.

`)
}

const name = process.argv[2] ?? 'fastify'
if (name !== 'fastify' && name !== 'koa') {
  process.stderr.write(`demo: unknown example "${name}"; use fastify or koa.\n`)
  process.exit(2)
}
main(name).catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
