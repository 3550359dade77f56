import assert from 'node:assert/strict'
import { AlipayRouteError, notifyBodyLimit, routeErrorCodes } from '@alipay-isv/core'
import { type AdapterScenario, assertErrorResponse, defaults, withApp } from '../context.js'

export const routeErrorScenarios: AdapterScenario[] = [
  {
    name: 'every code a route answers with has an exported AlipayRouteError class in the package',
    run: async (harness) => {
      const exports = Object.values(harness.packageExports)
      assert.ok(exports.includes(AlipayRouteError), 'AlipayRouteError itself is exported')
      const codes = exports
        .filter(
          (value) => typeof value === 'function' && value.prototype instanceof AlipayRouteError,
        )
        .map((value) => new (value as new (message: string) => AlipayRouteError)('probe').code)
      assert.deepEqual(codes.sort(), Object.keys(routeErrorCodes).sort())
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
]
