import { notifyBodyLimit } from '@alipay-isv/core/adapter'
import type { Context, Next } from 'koa'
import { describe, expect, it } from 'vitest'
import { startsKoaApps } from './support/koa-app.js'

const form = 'application/x-www-form-urlencoded'

const startApp = startsKoaApps()

async function readRequest(ctx: Context): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** What koa-bodyparser leaves behind: the stream read, `body` parsed, `rawBody` kept. */
async function bodyParserLike(ctx: Context, next: Next): Promise<void> {
  const raw = await readRequest(ctx)
  Object.assign(ctx.request, { rawBody: raw, body: Object.fromEntries(new URLSearchParams(raw)) })
  await next()
}

/** A parser that keeps only the parsed form. */
async function formOnlyParser(ctx: Context, next: Next): Promise<void> {
  const body = Object.fromEntries(new URLSearchParams(await readRequest(ctx)))
  Object.assign(ctx.request, { body })
  await next()
}

function startBehind(parser: (ctx: Context, next: Next) => Promise<void>) {
  return startApp({ mount: (app, auth) => app.use(parser).use(auth) })
}

describe('the notify body', () => {
  it('is read from ctx.request.rawBody when koa-bodyparser ran first', async () => {
    const running = await startBehind(bodyParserLike)
    const body = running.world.authorizationNotify('n1')
    const response = await running.browser.post('/alipay/notify', body, form)
    expect(await response.text()).toBe('success')
    expect(await running.middleware.appAuth.listMerchants()).toHaveLength(1)
  })

  it('is taken as parsed fields when a parser ran first and kept no raw body', async () => {
    const running = await startBehind(formOnlyParser)
    const body = running.world.authorizationNotify('n1')
    const response = await running.browser.post('/alipay/notify', body, form)
    expect(await response.text()).toBe('success')
  })

  it(`larger than ${notifyBodyLimit} bytes is refused with 413 before anything is verified`, async () => {
    const running = await startApp()
    const body = `padding=${'x'.repeat(notifyBodyLimit)}`
    const response = await running.browser.post('/alipay/notify', body, form)
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ code: 'ALIPAY_NOTIFY_TOO_LARGE' })
  })

  it('gone to another middleware without a trace answers 500 ALIPAY_CONFIG and says why in the log', async () => {
    const emitted: Error[] = []
    const running = await startBehind(async (ctx, next) => {
      await readRequest(ctx)
      await next()
    })
    running.app.on('error', (error: Error) => emitted.push(error))
    const body = running.world.authorizationNotify('n1')
    const response = await running.browser.post('/alipay/notify', body, form)
    expect(response.status).toBe(500)
    expect(await response.json()).toMatchObject({ code: 'ALIPAY_CONFIG' })
    expect(emitted[0]?.message).toMatch(/Mount alipayAuth before your body parser/)
  })
})
