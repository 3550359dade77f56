import { browserAccept } from '@alipay-isv/adapter-scenarios'
import { describe, expect, it } from 'vitest'
import { approveOnConsentPage } from './support/consent.js'
import { errorShown, merchantRows } from './support/pages.js'
import { startWorld, type World } from './support/world.js'

const merchant = { userId: '2088101122334455', authAppId: '2021004100000001' }

/** The emulator's invitation link (`POST /__admin/invites`), consented: the callback, without state. */
async function consentThroughInvitation(world: World): Promise<Response> {
  const { url } = await world.alipay.admin.invite({ app_id: world.appId })
  const callbackUrl = await approveOnConsentPage(url, merchant.userId)
  expect(new URL(callbackUrl).searchParams.has('state')).toBe(false)
  return world.browser.get(callbackUrl, { accept: browserAccept })
}

describe.each(['fastify', 'koa'] as const)('example-%s and invitation links', (name) => {
  describe('with ALIPAY_INVITES unset (on in the examples)', () => {
    // No notify URL: only the callback can store the merchant here.
    const running = startWorld(name, { notify: false })

    it('a merchant invited by a link without state is stored, as via invite and without context', async () => {
      const callback = await consentThroughInvitation(running.world)
      expect(callback.status).toBe(302)
      const { html } = await running.world.page('/merchants')
      expect(merchantRows(html)).toEqual([
        expect.objectContaining({ ...merchant, via: 'invite', context: '—', status: 'active' }),
      ])
    })
  })

  describe('with ALIPAY_INVITES=off', () => {
    const running = startWorld(name, { notify: false, env: { ALIPAY_INVITES: 'off' } })

    it('the callback of an invitation is refused with ALIPAY_STATE_MISSING in words for the merchant, and nothing is stored', async () => {
      const callback = await consentThroughInvitation(running.world)
      expect(callback.status).toBe(400)
      expect(errorShown(await callback.text())).toEqual({
        code: 'ALIPAY_STATE_MISSING',
        message: expect.stringContaining('This link was not started from this site'),
      })
      expect(merchantRows((await running.world.page('/merchants')).html)).toEqual([])
    })
  })
})
