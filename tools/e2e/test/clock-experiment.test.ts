import { tokenFingerprint } from '@alipay-isv/example-kit'
import { describe, expect, it } from 'vitest'
import { merchantRows, resultShown } from './support/pages.js'
import { startWorld } from './support/world.js'

const YEAR_SECONDS = 365 * 24 * 3600
const merchant = { userId: '2088101122334455', authAppId: '2021004100000001' }

/**
 * The experiment `pnpm demo` suggests: its app's tokens expire in the emulator (token_expiry
 * enforce); move only the emulator's clock a year ahead and press Query.
 */
describe.each(['fastify', 'koa'] as const)('the demo’s clock experiment on example-%s', (name) => {
  const running = startWorld(name, { tokenExpiry: 'enforce' })

  it('Query after the emulator’s clock moved a year: Alipay calls the token timed out, the app refreshes it, and the page says so', async () => {
    expect((await running.world.authorize(merchant.userId)).status).toBe(302)
    const before = merchantRows((await running.world.page('/merchants')).html)[0]
    await running.world.alipay.admin.advanceClock(YEAR_SECONDS)

    const queried = await running.world.press(`/merchants/${merchant.authAppId}/query`)
    expect(queried.status).toBe(200)
    expect(resultShown(queried.html)).toContain('id="recovered"')
    expect(queried.html).toContain('id="emulator-clock"')
    const after = merchantRows(queried.html)[0]
    expect(after?.fingerprint).not.toBe(before?.fingerprint)
    expect(after?.fingerprint).toBe(
      tokenFingerprint(running.world.emulatorToken(merchant.authAppId) ?? ''),
    )
  })
})
