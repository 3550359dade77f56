import { afterAll, beforeAll, describe, it } from 'vitest'
import { businessScenarios } from '../business-scenarios.js'
import { scenarios } from '../scenarios.js'
import { inProcessEngine } from '../support/in-process-engine.js'
import { type NotifyReceiver, startLoopbackReceiver } from '../support/notify-receiver.js'

const emulator = inProcessEngine()
let notifyReceiver: NotifyReceiver & { close(): Promise<void> }

beforeAll(async () => {
  notifyReceiver = await startLoopbackReceiver()
})
afterAll(async () => {
  await emulator.engine.close()
  await notifyReceiver.close()
})

describe('the shared scenarios, straight through engine.handle', () => {
  for (const scenario of [...scenarios, ...businessScenarios])
    it(scenario.name, () => scenario.run({ ...emulator, notifyReceiver }))
})
