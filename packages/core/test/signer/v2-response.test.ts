import { sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AlipayResponseError, AlipaySignatureError } from '../../src/errors.js'
import {
  buildV2ResponseBody,
  openV2Response,
  splitV2Response,
  v2ResponseNodeName,
} from '../../src/signer/v2-response.js'
import { readVectors, rsaKeyForms, thrownBy } from './fixtures.js'

const alipay = rsaKeyForms('alipay')
const rotated = rsaKeyForms('alipay, rotated')
const METHOD = 'alipay.open.auth.token.app'
const NODE = 'alipay_open_auth_token_app_response'

function signed(content: string, key = alipay.privateKey): string {
  return sign('sha256', Buffer.from(content, 'utf8'), key).toString('base64')
}

/** A body as Alipay writes it: the node's raw text, then `sign` over exactly that text. */
function body(content: string, extra = ''): string {
  return `{"${NODE}":${content}${extra},"sign":"${signed(content)}"}`
}

function open(raw: string) {
  return openV2Response(raw, METHOD, { alipayPublicKey: alipay.publicKey })
}

describe('v2ResponseNodeName', () => {
  it('turns the method’s dots into underscores and appends _response', () => {
    expect(v2ResponseNodeName(METHOD)).toBe(NODE)
  })
})

describe('openV2Response: extracting the signed node (docs/protocol.md §3)', () => {
  it('takes a nested object through its matching brace', () => {
    const content = '{"code":"10000","tokens":[{"a":{"b":{}}},{"c":[1,{"d":[]}]}]}'
    const opened = open(body(content))
    expect(opened).toMatchObject({ nodeName: NODE, signedContent: content, verified: true })
    expect(opened.data.tokens).toHaveLength(2)
  })

  it('skips braces, brackets and quotes inside strings, escaped quotes and backslashes included', () => {
    const content = String.raw`{"msg":"a } b { \"quoted\" ] [","path":"C:\\","x":"\\\"}"}`
    const opened = open(body(content))
    expect(opened.signedContent).toBe(content)
    expect(opened.data).toEqual({ msg: 'a } b { "quoted" ] [', path: 'C:\\', x: '\\"}' })
  })

  it('keeps the whitespace of a pretty-printed body and tolerates spaces around the colon', () => {
    const content = '{\n  "code" : "10000",\n  "msg": "Success"\n}'
    const raw = `{\n  "${NODE}" :  ${content} ,\n  "sign" : "${signed(content)}"\n}\n`
    expect(open(raw)).toMatchObject({ signedContent: content, verified: true })
  })

  it('takes an AES node, a JSON string, with its quotes, and decrypts it', () => {
    const { aes } = readVectors()
    const content = JSON.stringify(aes.ciphertext)
    const opened = openV2Response(body(content), METHOD, {
      alipayPublicKey: alipay.publicKey,
      encryptKey: aes.key,
    })
    expect(opened.signedContent).toBe(content)
    expect(opened.data).toEqual(JSON.parse(aes.plaintext))
  })

  it('refuses an AES node when no encryptKey is configured', () => {
    const content = JSON.stringify(readVectors().aes.ciphertext)
    expect(thrownBy(() => open(body(content)))).toBeInstanceOf(AlipayResponseError)
  })

  it('finds the node, not its name quoted inside another member’s string value', () => {
    const decoy = `"note":"\\"${NODE}\\":{\\"code\\":\\"10000\\",\\"fake\\":true}",`
    const content = '{"code":"40004","msg":"Business Failed"}'
    const raw = `{${decoy}"${NODE}":${content},"sign":"${signed(content)}"}`
    expect(open(raw)).toMatchObject({ signedContent: content, data: { code: '40004' } })
  })

  it('finds the node when its name appears inside a string value of the node itself', () => {
    const content = `{"code":"10000","echo":"\\"${NODE}\\":{}"}`
    expect(open(body(content)).signedContent).toBe(content)
  })

  it('verifies unicode values over their UTF-8 bytes', () => {
    const content = '{"code":"10000","msg":"成功 ✅ 😀","user_id":"2088中文"}'
    expect(open(body(content))).toMatchObject({ verified: true, data: { msg: '成功 ✅ 😀' } })
  })

  it('handles a 1 MB node with quotes and braces in its strings', () => {
    const filler = 'x{"}\\'.repeat(1 << 18)
    const content = JSON.stringify({ code: '10000', filler })
    const opened = open(body(content))
    expect(opened.signedContent.length).toBeGreaterThan(1 << 20)
    expect(opened.data.filler).toBe(filler)
  })
})

describe('openV2Response: error_response (docs/protocol.md §3)', () => {
  const error = '{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.code-invalid"}'

  it('falls back to a signed error_response', () => {
    const raw = `{"error_response":${error},"sign":"${signed(error)}"}`
    expect(open(raw)).toMatchObject({ nodeName: 'error_response', verified: true })
  })

  it('returns an unsigned error_response marked as not verified', () => {
    const opened = open(`{"error_response":${error}}`)
    expect(opened).toMatchObject({ nodeName: 'error_response', verified: false })
    expect(opened.data.sub_code).toBe('isv.code-invalid')
  })

  it('prefers the method’s node when both are present', () => {
    const content = '{"code":"10000"}'
    const raw = `{"error_response":${error},"${NODE}":${content},"sign":"${signed(content)}"}`
    expect(open(raw).nodeName).toBe(NODE)
  })

  it('throws when the body has neither node', () => {
    const error = thrownBy(() => open('{"other_response":{},"sign":"QUJD"}'))
    expect(error).toBeInstanceOf(AlipayResponseError)
    expect(error.message).toContain(NODE)
  })
})

describe('openV2Response: the \\/ retry (docs/protocol.md §3 step 5)', () => {
  it('verifies a node whose slashes were escaped after signing', () => {
    const signedText = '{"code":"10000","url":"https://example.com/a/b"}'
    const sent = signedText.replaceAll('/', '\\/')
    const raw = `{"${NODE}":${sent},"sign":"${signed(signedText)}"}`
    expect(open(raw)).toMatchObject({ verified: true, data: { url: 'https://example.com/a/b' } })
  })

  it('verifies a node that was signed with its escaped slashes', () => {
    const content = '{"code":"10000","url":"https:\\/\\/example.com"}'
    expect(open(body(content)).verified).toBe(true)
  })
})

describe('openV2Response: signatures that must not be trusted', () => {
  const content = '{"code":"10000","app_auth_token":"202405BB"}'

  it('throws AlipaySignatureError when the node was changed after signing', () => {
    const raw = body(content).replace('202405BB', '202405CC')
    const error = thrownBy(() => open(raw))
    expect(error).toBeInstanceOf(AlipaySignatureError)
    expect(error.message).toContain('alipayPublicKey')
  })

  it.each([
    ['not base64', '@@not-base64@@'],
    ['empty', ''],
    ['base64 of the wrong length', 'QUJDRA'],
    ['a number', 12],
    ['null', null],
  ])('throws AlipaySignatureError for a sign that is %s', (_case, sign) => {
    const raw = `{"${NODE}":${content},"sign":${JSON.stringify(sign)}}`
    expect(thrownBy(() => open(raw))).toBeInstanceOf(AlipaySignatureError)
  })

  it('throws AlipaySignatureError for a sign made with another key', () => {
    const raw = `{"${NODE}":${content},"sign":"${signed(content, rotated.privateKey)}"}`
    expect(thrownBy(() => open(raw))).toBeInstanceOf(AlipaySignatureError)
  })

  it('throws AlipayResponseError, never a result, for every truncation of a body', () => {
    const raw = body(content, ',"alipay_cert_sn":"abc"')
    for (let length = 0; length < raw.length; length++) {
      expect(thrownBy(() => open(raw.slice(0, length)))).toBeInstanceOf(AlipayResponseError)
    }
  })

  it.each([
    ['not JSON at all', '<html>502 Bad Gateway</html>'],
    ['a JSON array', '[]'],
    ['an object with a member named twice', `{"${NODE}":{},"${NODE}":{},"sign":"QUJD"}`],
  ])('throws AlipayResponseError for a body that is %s', (_case, raw) => {
    expect(thrownBy(() => open(raw))).toBeInstanceOf(AlipayResponseError)
  })
})

describe('openV2Response: certificate mode (docs/protocol.md §5)', () => {
  const keysBySn = new Map([
    ['sn-old', alipay.publicKey],
    ['sn-new', rotated.publicKey],
  ])
  const alipayPublicKey = (sn: string | undefined) => (sn ? keysBySn.get(sn) : undefined)
  const content = '{"code":"10000"}'

  it('verifies with the key whose SN the response names in alipay_cert_sn', () => {
    const raw = buildV2ResponseBody(NODE, content, rotated.privateKey, { alipayCertSn: 'sn-new' })
    const opened = openV2Response(raw, METHOD, { alipayPublicKey })
    expect(opened).toMatchObject({ verified: true, alipayCertSn: 'sn-new' })
  })

  it('throws AlipaySignatureError naming an SN it has no certificate for', () => {
    const raw = buildV2ResponseBody(NODE, content, rotated.privateKey, { alipayCertSn: 'sn-next' })
    const error = thrownBy(() => openV2Response(raw, METHOD, { alipayPublicKey }))
    expect(error).toBeInstanceOf(AlipaySignatureError)
    expect(error.message).toContain('sn-next')
  })
})

describe('buildV2ResponseBody (emulator side)', () => {
  it('writes a body whose node, sign and alipay_cert_sn split back out exactly', () => {
    const content = '{"code":"10000","msg":"成功"}'
    const raw = buildV2ResponseBody(NODE, content, alipay.privateKey, { alipayCertSn: 'sn-1' })
    expect(splitV2Response(raw, METHOD)).toEqual({
      nodeName: NODE,
      content,
      sign: signed(content),
      alipayCertSn: 'sn-1',
    })
  })

  it('signs with SHA1withRSA when asked for the legacy RSA sign type', () => {
    const content = '{"code":"10000"}'
    const raw = buildV2ResponseBody(NODE, content, alipay.privateKey, { signType: 'RSA' })
    const options = { alipayPublicKey: alipay.publicKey }
    expect(openV2Response(raw, METHOD, { ...options, signType: 'RSA' }).verified).toBe(true)
    expect(thrownBy(() => openV2Response(raw, METHOD, options))).toBeInstanceOf(
      AlipaySignatureError,
    )
  })
})
