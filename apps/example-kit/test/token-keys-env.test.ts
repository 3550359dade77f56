import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AlipayConfigError } from '@alipay-isv/core'
import { describe, expect, it } from 'vitest'
import { readTokenKeys } from '../src/token-keys-env.js'

const key = () => randomBytes(32).toString('base64')

describe('ALIPAY_TOKEN_KEYS', () => {
  it('gives no keys when unset', () => {
    expect(readTokenKeys({})).toBeUndefined()
  })

  it('reads id:base64 pairs, first one first, spaces around them ignored', () => {
    const [a, b] = [key(), key()]
    expect(readTokenKeys({ ALIPAY_TOKEN_KEYS: ` 2026-02:${a} , 2026-01:${b}` })).toEqual([
      { id: '2026-02', key: a },
      { id: '2026-01', key: b },
    ])
  })

  it('reads the same from ALIPAY_TOKEN_KEYS_FILE, one key a line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'token-keys-'))
    try {
      const [a, b] = [key(), key()]
      const file = join(dir, 'keys')
      await writeFile(file, `2026-02:${a}\n2026-01:${b}\n`)
      expect(readTokenKeys({ ALIPAY_TOKEN_KEYS_FILE: file })).toEqual([
        { id: '2026-02', key: a },
        { id: '2026-01', key: b },
      ])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('refuses an entry without an id, naming its position and never the key', () => {
    const secret = key()
    const read = () => readTokenKeys({ ALIPAY_TOKEN_KEYS: `2026-02:${key()},${secret}` })
    expect(read).toThrow(AlipayConfigError)
    expect(read).toThrow(/ALIPAY_TOKEN_KEYS: entry 2 is not id:base64.*openssl rand -base64 32/)
    expect(read).not.toThrow(secret)
  })

  it('refuses both variables at once, and a file it cannot read', () => {
    expect(() =>
      readTokenKeys({ ALIPAY_TOKEN_KEYS: `a:${key()}`, ALIPAY_TOKEN_KEYS_FILE: '/x' }),
    ).toThrow('Both ALIPAY_TOKEN_KEYS and ALIPAY_TOKEN_KEYS_FILE are set')
    expect(() => readTokenKeys({ ALIPAY_TOKEN_KEYS_FILE: '/nonexistent/keys' })).toThrow(
      /ALIPAY_TOKEN_KEYS_FILE=\/nonexistent\/keys cannot be read \(ENOENT\)/,
    )
  })
})
