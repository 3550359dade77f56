import { ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import { describe, expect, it } from 'vitest'
import { capturedLogger } from './captured-log.js'
import { buildApp } from './fastify-harness.js'
import { finishAuthorization, startAuthorization } from './inject-flow.js'

const alipayLines = (lines: Array<Record<string, unknown>>) =>
  lines.filter((line) => String(line.msg).startsWith('alipay'))

describe('log lines', () => {
  it('a successful callback logs one line naming the merchant and no token', async () => {
    const world = new ScenarioWorld()
    const { lines, fastifyOptions } = capturedLogger()
    const app = await buildApp(world.appAuthOptions(), undefined, fastifyOptions)
    await finishAuthorization(app, world, await startAuthorization(app))
    const [merchant] = await app.alipayAuth.listMerchants()
    const callbackLines = alipayLines(lines).filter((line) => String(line.msg).includes('callback'))
    expect(callbackLines).toHaveLength(1)
    expect(callbackLines[0]?.authAppIds).toEqual([merchant?.authAppId])
    const everything = JSON.stringify(lines)
    expect(everything).not.toContain(merchant?.appAuthToken)
    expect(everything).not.toContain(merchant?.appRefreshToken)
    await app.close()
  })

  it('a callback whose Alipay answer cannot be trusted logs its code and leaks nothing of the answer', async () => {
    const world = new ScenarioWorld()
    const { lines, fastifyOptions } = capturedLogger()
    const options = { ...world.appAuthOptions(), alipayPublicKey: world.keys.stranger.publicKey }
    const app = await buildApp(options, undefined, fastifyOptions)
    const response = await finishAuthorization(app, world, await startAuthorization(app))
    expect(response.json().code).toBe('ALIPAY_UNTRUSTED_RESPONSE')
    const failure = alipayLines(lines).find((line) => line.code === 'ALIPAY_UNTRUSTED_RESPONSE')
    expect(failure).toMatchObject({ level: 40, error: 'AlipaySignatureError' })
    // The refused answer carried a token pair: none of it may reach the log.
    expect(JSON.stringify(lines)).not.toMatch(/202506BB[0-9a-f]{32}/)
    await app.close()
  })
})
