import { adapterScenarios } from '@alipay-isv/adapter-scenarios'
import { describe, it } from 'vitest'
import { fastifyHarness } from './fastify-harness.js'

describe('the shared adapter scenarios, on a listening Fastify server', () => {
  for (const scenario of adapterScenarios) {
    it(scenario.name, () => scenario.run(fastifyHarness), scenario.timeoutMs)
  }
})
