import assert from 'node:assert/strict'
import * as core from '@alipay-isv/core'
import * as coreAdapter from '@alipay-isv/core/adapter'
import { notifyBodyLimit } from '@alipay-isv/core/adapter'
import {
  type AdapterScenario,
  assertErrorResponse,
  defaults,
  freshBrowser,
  withApp,
} from '../context.js'
import { startQr } from './qr-support.js'

export const routeErrorScenarios: AdapterScenario[] = [
  {
    name: 'the package exports only what it owns: the route errors are AlipayRouteError of @alipay-isv/core, keyed by code',
    run: async (harness) => {
      const owned = Object.values(harness.packageExports)
      const fromCore: unknown[] = [...Object.values(core), ...Object.values(coreAdapter)]
      assert.deepEqual(
        owned.filter((value) => fromCore.includes(value)),
        [],
      )
    },
  },
  {
    name: `a notification above ${notifyBodyLimit} bytes is refused with 413 ALIPAY_NOTIFY_TOO_LARGE`,
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const body = `notify_id=${'x'.repeat(notifyBodyLimit)}`
        const response = await context.browser.post(
          '/alipay/notify',
          body,
          'application/x-www-form-urlencoded',
        )
        await assertErrorResponse(context, response, 413, 'ALIPAY_NOTIFY_TOO_LARGE')
      }),
  },
  {
    name: 'a route error is JSON { statusCode, code, error, message } for a program, with no error handling in the app: the QR status asked by another browser',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const { status_url: statusUrl } = await startQr(context)
        const stranger = freshBrowser(context)
        for (const accept of ['application/json', '*/*']) {
          const response = await stranger.get(statusUrl, { accept })
          assert.equal(response.status, 404)
          assert.match(response.headers.get('content-type') ?? '', /^application\/json/)
          const body = (await response.json()) as Record<string, unknown>
          assert.deepEqual(
            { ...body, message: typeof body.message },
            { statusCode: 404, code: 'ALIPAY_QR_NOT_FOUND', error: 'Not Found', message: 'string' },
          )
        }
      }),
  },
  {
    name: 'a refused callback asked for JSON is answered { statusCode, code, error, message }',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const { appId } = context.world
        const response = await context.browser.get(
          `/alipay/callback?app_id=${appId}&source=alipay_app_auth&app_auth_code=c1`,
          { accept: 'application/json' },
        )
        assert.equal(response.status, 400)
        assert.match(response.headers.get('content-type') ?? '', /^application\/json/)
        const body = (await response.json()) as Record<string, unknown>
        assert.deepEqual(
          { ...body, message: typeof body.message },
          {
            statusCode: 400,
            code: 'ALIPAY_STATE_MISSING',
            error: 'Bad Request',
            message: 'string',
          },
        )
      }),
  },
]
