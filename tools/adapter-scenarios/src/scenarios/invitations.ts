import assert from 'node:assert/strict'
import {
  type AdapterScenario,
  assertErrorResponse,
  defaults,
  freshBrowser,
  recordingOnAuthorized,
  withApp,
} from '../context.js'
import type { ScenarioWorld } from '../world.js'

const withInvites = (world: ScenarioWorld) => ({ ...world.appAuthOptions(), invites: true })

/** The callback of an invitation, with its code replaced by one Alipay never issued. */
async function junkInvitation(world: ScenarioWorld, code: string): Promise<string> {
  const callback = new URL(await world.invitationCallback())
  callback.searchParams.set('app_auth_code', code)
  return callback.toString()
}

export const invitationScenarios: AdapterScenario[] = [
  {
    name: 'without invites, a callback from an invitation is refused with ALIPAY_STATE_MISSING naming the option',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const response = await context.browser.get(await context.world.invitationCallback())
        const message = await assertErrorResponse(context, response, 400, 'ALIPAY_STATE_MISSING')
        assert.match(message, /`invites`/)
        assert.equal(context.world.codeExchanges, 0)
        assert.deepEqual(await context.app.appAuth.listMerchants(), [])
      }),
  },
  {
    name: 'a merchant first seen through open_app_auth_notify (an invitation while invites is off) is stored as via "notification"',
    run: (harness) =>
      withApp(harness, defaults, async (context) => {
        const refused = await context.browser.get(await context.world.invitationCallback())
        assert.equal(refused.status, 400)
        const notified = await context.browser.post(
          '/alipay/notify',
          context.world.authorizationNotify('notify-invitation-1'),
          'application/x-www-form-urlencoded',
        )
        assert.equal(await notified.text(), 'success')
        const [stored] = await context.app.appAuth.listMerchants()
        assert.equal(stored?.via, 'notification')
        assert.equal(stored?.context, undefined)
      }),
  },
  {
    name: 'with invites: true, a callback from an invitation is exchanged and stored as via "invite", in any browser',
    run: async (harness) => {
      const { calls: seen, options } = recordingOnAuthorized({ invites: true })
      await withApp(harness, options, async (context) => {
        const phone = freshBrowser(context)
        const response = await phone.get(await context.world.invitationCallback())
        assert.equal(response.status, 200)
        const [stored] = await context.app.appAuth.listMerchants()
        assert.equal(stored?.via, 'invite')
        assert.equal(stored?.context, undefined)
        assert.equal(seen[0]?.[0]?.via, 'invite')
      })
    },
  },
  {
    name: 'with invites: true, a replayed invitation callback is a duplicate, exchanged once',
    run: (harness) =>
      withApp(harness, withInvites, async (context) => {
        const callback = await context.world.invitationCallback()
        assert.equal((await context.browser.get(callback)).status, 200)
        const replay = await freshBrowser(context).get(callback)
        await assertErrorResponse(context, replay, 409, 'ALIPAY_DUPLICATE_CALLBACK')
        assert.equal(context.world.codeExchanges, 1)
      }),
  },
  {
    name: 'a stateless callback with a junk code is refused by Alipay and leaves no lasting claim',
    run: (harness) =>
      withApp(harness, withInvites, async (context) => {
        const callback = await junkInvitation(context.world, 'junk0123456789abcdef')
        const first = await context.browser.get(callback)
        await assertErrorResponse(context, first, 400, 'ALIPAY_CODE_INVALID')
        // Just after, the same junk is a duplicate: Alipay is not asked twice.
        const again = await context.browser.get(callback)
        await assertErrorResponse(context, again, 409, 'ALIPAY_DUPLICATE_CALLBACK')
        assert.equal(context.world.codeExchanges, 1)
        // Ten minutes on, nothing of it is left: it is taken to Alipay (and refused) again.
        context.world.advance(10 * 60_000)
        const later = await context.browser.get(callback)
        await assertErrorResponse(context, later, 400, 'ALIPAY_CODE_INVALID')
        assert.equal(context.world.codeExchanges, 2)
        assert.deepEqual(await context.app.appAuth.listMerchants(), [])
      }),
  },
  {
    name: 'stateless callbacks are rate-limited: 429 ALIPAY_RATE_LIMITED with Retry-After, nothing exchanged',
    run: (harness) =>
      withApp(
        harness,
        (world) => ({ ...withInvites(world), invitesPerMinute: 2 }),
        async (context) => {
          for (const code of ['junk-1', 'junk-2']) {
            await context.browser.get(await junkInvitation(context.world, code))
          }
          const limited = await context.browser.get(await junkInvitation(context.world, 'junk-3'))
          assert.equal(limited.headers.get('retry-after'), '30')
          await assertErrorResponse(context, limited, 429, 'ALIPAY_RATE_LIMITED')
          assert.equal(context.world.codeExchanges, 2)
          context.world.advance(30_000)
          const accepted = await context.browser.get(await context.world.invitationCallback())
          assert.equal(accepted.status, 200)
        },
      ),
  },
]
