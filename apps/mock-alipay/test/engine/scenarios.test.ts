import { afterAll, beforeAll, describe, it } from 'vitest'
import { businessScenarios } from '../business-scenarios.js'
import { scenarios } from '../scenarios.js'
import { engineDoor } from '../support/engine-door.js'
import { type NotifyReceiver, startLoopbackReceiver } from '../support/notify-receiver.js'

const door = engineDoor()
let notifyReceiver: NotifyReceiver & { close(): Promise<void> }

beforeAll(async () => {
  notifyReceiver = await startLoopbackReceiver()
})
afterAll(async () => {
  await door.engine.close()
  await notifyReceiver.close()
})

describe('the shared scenarios, straight through engine.handle', () => {
  for (const scenario of [...scenarios, ...businessScenarios])
    it(scenario.name, () => scenario.run({ ...door, notifyReceiver }))
})
