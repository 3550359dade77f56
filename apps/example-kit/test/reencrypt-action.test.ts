import { randomBytes } from 'node:crypto'
import { AppAuth, MemoryStore, type MerchantToken } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { describe, expect, it } from 'vitest'
import { reencryptAction, tokenKeysPanel } from '../src/reencrypt-action.js'

const keys = testKeyPair('app')
const record = (authAppId: string): MerchantToken => ({
  authAppId,
  userId: '2088000000000001',
  appAuthToken: `access-${authAppId}`,
  appRefreshToken: `refresh-${authAppId}`,
  expiresAt: Date.now() + 3.6e10,
  refreshExpiresAt: Date.now() + 3.7e10,
  authorizedAt: Date.now(),
  updatedAt: Date.now(),
  status: 'active',
  via: 'browser',
})

/** An app that never reaches Alipay: re-encryption is between it and its store. */
function app(store: MemoryStore, tokenKeys?: Array<{ id: string; key: Buffer }>) {
  return new AppAuth({
    appId: '2021000000000000',
    privateKey: keys.privateKey,
    alipayPublicKey: keys.publicKey,
    gateway: 'http://127.0.0.1:9/gateway.do',
    redirectUri: 'http://127.0.0.1:9/alipay/callback',
    store,
    tokenKeys,
  })
}

describe('Re-encrypt tokens', () => {
  it('counts the records it rewrote and those already under the first key', async () => {
    const store = new MemoryStore()
    await store.set(record('2021000000000001'))
    await store.set(record('2021000000000002'))
    const auth = app(store, [{ id: 'k1', key: randomBytes(32) }])
    const first = await reencryptAction(auth)
    expect(first.status).toBe(200)
    expect(first.panel.text).toContain(
      'Re-encrypted 2 merchant records under the first key; 0 already were.',
    )
    expect((await reencryptAction(auth)).panel.text).toContain(
      'Re-encrypted 0 merchant records under the first key; 2 already were.',
    )
  })

  it('says how many it could not rewrite, and why that can be', async () => {
    const store = new MemoryStore()
    await store.set(record('2021000000000001'))
    await app(store, [{ id: 'gone', key: randomBytes(32) }]).reencryptTokens()
    const result = await reencryptAction(app(store, [{ id: 'k2', key: randomBytes(32) }]))
    expect(result.panel.text).toContain(
      '<strong>1 could not be</strong>: their key is not in <code>ALIPAY_TOKEN_KEYS</code>',
    )
  })

  it('offers the button only when ALIPAY_TOKEN_KEYS is set, naming the key in use', () => {
    expect(tokenKeysPanel(undefined).text).toContain(
      'Tokens are stored unencrypted: set <code>ALIPAY_TOKEN_KEYS</code>',
    )
    expect(tokenKeysPanel(undefined).text).not.toContain('<button')
    const panel = tokenKeysPanel(['2026-02', '2026-01']).text
    expect(panel).toContain(
      'encrypted under key <code>2026-02</code> (also read: <code>2026-01</code>)',
    )
    expect(panel).toContain('<form id="token-keys" method="post" action="/merchants/reencrypt">')
  })
})
