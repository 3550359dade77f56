import assert from 'node:assert/strict'
import { type AdapterScenario, defaults, withApp } from '../context.js'
import type { StartedApp } from '../harness.js'

const NOTIFICATIONS = 200
const JUNK_BYTES = 60 * 1024

export const refusalLogScenarios: AdapterScenario[] = [
  {
    name: `${NOTIFICATIONS} junk notifications of 60 KB grow the app’s log by less than 200 KB, with no value echoed whole`,
    timeoutMs: 60_000,
    run: async (harness) => {
      let app: StartedApp | undefined
      let before = 0
      await withApp(harness, defaults, async (context) => {
        app = context.app
        before = context.app.logText().length
        const junk = `notify_id=${'J'.repeat(JUNK_BYTES)}&app_id=${'A'.repeat(200)}&sign=${'S'.repeat(200)}`
        for (let sent = 0; sent < NOTIFICATIONS; sent += 20) {
          const answers = await Promise.all(
            Array.from({ length: 20 }, () =>
              context.browser.post('/alipay/notify', junk, 'application/x-www-form-urlencoded'),
            ),
          )
          for (const answer of answers) assert.equal(await answer.text(), 'fail')
        }
      })
      // Read once the app closed: the count of those not logged one by one is written then.
      const log = app?.logText().slice(before) ?? ''
      assert.ok(log.length < 200 * 1024, `the log grew by ${log.length} characters`)
      assert.ok(!log.includes('J'.repeat(100)), 'the junk notify_id is not echoed whole')
      assert.match(log, /more .*not logged one by one/)
    },
  },
]
