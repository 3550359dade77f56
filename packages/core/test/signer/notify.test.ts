import { sign, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  notifySignContent,
  parseNotifyBody,
  signNotify,
  verifyNotify,
} from '../../src/signer/notify.js'
import { rsaKeyForms } from './fixtures.js'

const alipay = rsaKeyForms('alipay')
const other = rsaKeyForms('stranger')

const authNotify = {
  notify_id: '2024051300222174920000000001',
  notify_type: 'open_app_auth_notify',
  notify_time: '2024-05-13 17:49:20',
  charset: 'utf-8',
  version: '1.0',
  app_id: '2021000000000001',
  auth_app_id: '2021000000000002',
  status: 'execute_auth',
  sign_type: 'RSA2',
  biz_content:
    '{"notify_context":{"trigger":"user_app_auth"},"detail":{"app_auth_token":"202405BB","user_id":"2088"},"error":{}}',
}

function formPost(params: Record<string, string>): string {
  return new URLSearchParams(params).toString()
}

describe('parseNotifyBody (docs/protocol.md §7)', () => {
  it('decodes each value exactly once: %2B becomes +, + becomes a space, %252B stays %2B', () => {
    expect(parseNotifyBody('a=x%2By&b=x+y&c=x%252By&d=%E4%B8%AD%F0%9F%98%80')).toEqual({
      a: 'x+y',
      b: 'x y',
      c: 'x%2By',
      d: '中😀',
    })
  })

  it('keeps the first of a repeated field and accepts URLSearchParams', () => {
    expect(parseNotifyBody(new URLSearchParams('a=1&a=2&b='))).toEqual({ a: '1', b: '' })
  })
})

describe('notifySignContent', () => {
  it('drops sign always, sign_type unless asked to keep it, and empty values', () => {
    const params = { b: '2', a: '1', sign: 's', sign_type: 'RSA2', empty: '' }
    expect(notifySignContent(params, false)).toBe('a=1&b=2')
    expect(notifySignContent(params, true)).toBe('a=1&b=2&sign_type=RSA2')
  })
})

describe('verifyNotify (docs/protocol.md §7)', () => {
  it('verifies the common rule, signed without sign_type', () => {
    const sign = signNotify(authNotify, alipay.privateKey)
    const received = parseNotifyBody(formPost({ ...authNotify, sign }))
    expect(verifyNotify(received, alipay.publicKey)).toMatchObject({
      verified: true,
      rule: 'without-sign-type',
    })
  })

  it('verifies the other rule, signed with sign_type kept', () => {
    const sign = signNotify(authNotify, alipay.privateKey, { keepSignType: true })
    const received = parseNotifyBody(formPost({ ...authNotify, sign }))
    expect(verifyNotify(received, alipay.publicKey)).toMatchObject({
      verified: true,
      rule: 'with-sign-type',
      signedContent: notifySignContent(received, true),
    })
  })

  it('verifies values holding %2B, + and & as the sender signed them, decoded once', () => {
    const params = { ...authNotify, auth_app_id: 'a%2Bb+c&d=e 中' }
    const sign = signNotify(params, alipay.privateKey)
    const received = parseNotifyBody(formPost({ ...params, sign }))
    expect(received.auth_app_id).toBe('a%2Bb+c&d=e 中')
    expect(verifyNotify(received, alipay.publicKey).verified).toBe(true)
  })

  it('uses SHA1withRSA when the notification says sign_type=RSA', () => {
    const params = { ...authNotify, sign_type: 'RSA' }
    const content = Buffer.from(notifySignContent(params, false), 'utf8')
    const legacySign = sign('sha1', content, alipay.privateKey).toString('base64')
    expect(verifyNotify({ ...params, sign: legacySign }, alipay.publicKey).verified).toBe(true)
  })

  it('fails, reporting the string it tried, for a changed value or another key', () => {
    const sign = signNotify(authNotify, alipay.privateKey)
    const changed = { ...authNotify, status: 'cancel_auth', sign }
    expect(verifyNotify(changed, alipay.publicKey)).toEqual({
      verified: false,
      signedContent: notifySignContent(changed, false),
    })
    expect(verifyNotify({ ...authNotify, sign }, other.publicKey).verified).toBe(false)
  })

  it('fails without throwing when sign is missing or not base64', () => {
    expect(verifyNotify(authNotify, alipay.publicKey).verified).toBe(false)
    expect(verifyNotify({ ...authNotify, sign: '%%%' }, alipay.publicKey).verified).toBe(false)
  })
})

describe('signNotify (emulator side)', () => {
  it('signs the content without sign_type by default, with SHA256withRSA', () => {
    const signature = Buffer.from(signNotify(authNotify, alipay.privateKey), 'base64')
    const content = Buffer.from(notifySignContent(authNotify, false), 'utf8')
    expect(verify('sha256', content, alipay.publicKey, signature)).toBe(true)
  })
})
