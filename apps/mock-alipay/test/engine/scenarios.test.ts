import { afterAll, describe, it } from 'vitest'
import { MockAlipayEngine } from '../../src/index.js'
import { scenarios } from '../scenarios.js'

const engine = new MockAlipayEngine()
const door = {
  baseUrl: 'http://mock-alipay.test',
  fetch: ((input: string | URL | Request, init?: RequestInit) =>
    engine.handle(new Request(input, init))) as typeof fetch,
}

afterAll(() => engine.close())

describe('the shared scenarios, straight through engine.handle', () => {
  for (const scenario of scenarios) it(scenario.name, () => scenario.run(door))
})
