import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resultShown } from './support/pages.js'
import { startWorld } from './support/world.js'

const merchant = { userId: '2088101122334455', authAppId: '2021004100000001' }
const key = () => randomBytes(32).toString('base64')

describe.each(['fastify', 'koa'] as const)('example-%s with ALIPAY_TOKEN_KEYS', (name) => {
  const running = startWorld(name, {
    env: { ALIPAY_TOKEN_KEYS: `2026-02:${key()},2026-01:${key()}` },
  })

  it('stores an authorized merchant with no token in its data directory, and uses the token', async () => {
    expect((await running.world.authorize(merchant.userId)).status).toBe(302)
    const token = running.world.emulatorToken(merchant.authAppId) ?? ''
    expect(token).not.toBe('')
    const log = await readFile(join(running.world.dataDir, 'store.log'), 'utf8')
    expect(log).toContain(merchant.authAppId)
    expect(log).toContain('enc:v1:2026-02:')
    expect(log).not.toContain(token)
    const queried = await running.world.press(`/merchants/${merchant.authAppId}/query`)
    expect(resultShown(queried.html)).toContain('<dd data-field="status">valid</dd>')
  })

  it('shows the key in use and Re-encrypt tokens, which counts what it rewrote', async () => {
    const { html } = await running.world.page('/merchants')
    expect(html).toContain('Tokens are encrypted under key <code>2026-02</code>')
    const pressed = await running.world.press('/merchants/reencrypt')
    expect(pressed.status).toBe(200)
    expect(resultShown(pressed.html)).toContain(
      'Re-encrypted 0 merchant records under the first key; 1 already were.',
    )
  })
})
