import { ScenarioWorld } from '@alipay-isv/adapter-scenarios'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { type AlipayAuthOptions, alipayAuth } from '../src/index.js'
import { testCookieSecret } from './fastify-harness.js'

/** Registers with `change` applied to valid options; resolves to the ready() rejection. */
async function readyRejection(change: Record<string, unknown>): Promise<Error> {
  const app = Fastify()
  const options = {
    ...new ScenarioWorld().appAuthOptions(),
    cookieSecret: testCookieSecret,
    ...change,
  }
  app.register(alipayAuth, options as unknown as AlipayAuthOptions)
  const error = await app.ready().then(
    () => undefined,
    (reason: Error) => reason,
  )
  await app.close()
  if (!error) throw new Error(`ready() resolved with ${JSON.stringify(Object.keys(change))}`)
  return error
}

// The options every adapter shares are pinned by the shared scenarios (tools/adapter-scenarios).
describe('options are checked at register time, so ready() rejects naming the bad option', () => {
  it.each([
    ['cookieSecret', 'left out without @fastify/cookie', { cookieSecret: undefined }],
    ['appId', 'that is empty (checked by AppAuth)', { appId: '' }],
    ['privateKey', 'that is not a key (checked by AppAuth)', { privateKey: 'not a key' }],
    ['decorator', 'that is not an identifier', { decorator: 'alipay-auth' }],
  ])('rejects %s %s', async (option, _problem, change) => {
    const error = await readyRejection(change)
    expect(error.message).toContain(option)
  })

  it('asks for cookieSecret or @fastify/cookie with a secret when neither is there', async () => {
    const error = await readyRejection({ cookieSecret: undefined })
    expect(error.message).toMatch(/@fastify\/cookie/)
  })
})

describe('registered a second time', () => {
  it('with the decorator the first took, ready() rejects asking for a decorator of its own', async () => {
    const world = new ScenarioWorld()
    const app = Fastify()
    app.register(alipayAuth, { ...world.appAuthOptions(), cookieSecret: testCookieSecret })
    app.register(alipayAuth, {
      ...world.appAuthOptions('/mini/callback', world.secondAppId),
      cookieSecret: testCookieSecret,
      prefix: '/mini',
    })
    await expect(app.ready()).rejects.toThrow(/app\.alipayAuth is already taken.*"decorator"/)
    await app.close()
  })
})
