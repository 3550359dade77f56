import assert from 'node:assert/strict'
import { ScenarioBrowser } from '../browser.js'
import type { AdapterScenario } from '../context.js'
import { storeSize, withFileStore } from '../file-store.js'
import { qrPath } from './qr-support.js'

const STARTS = 4000
const BATCH = 50

export const boundedStartScenarios: AdapterScenario[] = [
  {
    name: `${STARTS} anonymous starts, half in the browser and half for a QR code, grow the FileStore by less than 64 KB`,
    timeoutMs: 180_000,
    run: (harness) =>
      withFileStore(
        harness,
        async (context, dir) => {
          const before = await storeSize(dir)
          for (let sent = 0; sent < STARTS; sent += BATCH) {
            const answers = await Promise.all(
              Array.from({ length: BATCH }, (_, i) => {
                // A visitor who keeps no cookie and never comes back.
                const visitor = new ScenarioBrowser(context.app.baseUrl)
                return (sent + i) % 2 === 0
                  ? visitor.get('/alipay/authorize')
                  : visitor.get(qrPath, { accept: 'application/json' })
              }),
            )
            for (const answer of answers) {
              assert.ok(answer.status === 302 || answer.status === 200, `status ${answer.status}`)
              await answer.arrayBuffer()
            }
          }
          const grown = (await storeSize(dir)) - before
          assert.ok(grown < 64 * 1024, `the store grew by ${grown} bytes`)
        },
        // As in the examples: one context for everyone the authorize route serves. The QR limit
        // is raised: this is about what starts write, not how many are let through.
        { context: () => ({ tenantId: 'example-tenant' }), qrStartsPerMinute: STARTS },
      ),
  },
]
