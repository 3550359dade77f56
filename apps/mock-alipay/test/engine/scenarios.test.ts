import { afterAll, describe, it } from 'vitest'
import { scenarios } from '../scenarios.js'
import { engineDoor } from '../support/engine-door.js'

const door = engineDoor()

afterAll(() => door.engine.close())

describe('the shared scenarios, straight through engine.handle', () => {
  for (const scenario of scenarios) it(scenario.name, () => scenario.run(door))
})
