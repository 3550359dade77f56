import { type KeyObject, randomBytes } from 'node:crypto'
import { signContent, verifyContent } from './rsa.js'

/** The only v3 scheme Alipay uses (docs/protocol.md §4). */
export const V3_AUTH_SCHEME = 'ALIPAY-SHA256withRSA'

export interface V3AuthFields {
  appId: string
  /** Certificate mode: the app certificate's SN. */
  appCertSn?: string
  /** Random per request; generated when absent. */
  nonce?: string
  /** Epoch ms; `Date.now()` when absent. */
  timestamp?: number
  /** Extension fields appended after `timestamp` and signed too, e.g. `{ expired_seconds: 600 }`. */
  extensions?: Readonly<Record<string, string | number>>
}

export interface V3RequestToSign {
  /** HTTP method, e.g. `POST`. */
  method: string
  /** Path with its query string, exactly as sent, e.g. `/v3/alipay/open/auth/token/app/query?app_auth_token=…`. */
  pathWithQuery: string
  /** The raw body as sent ('' or undefined for none). */
  body?: string
  /** Present when the request carries the `alipay-app-auth-token` header. */
  appAuthToken?: string
}

/** `app_id=…[,app_cert_sn=…],nonce=…,timestamp=…[,ext=…]` (docs/protocol.md §4). */
export function v3AuthString(fields: V3AuthFields): string {
  let auth = `app_id=${fields.appId}`
  if (fields.appCertSn) auth += `,app_cert_sn=${fields.appCertSn}`
  auth += `,nonce=${fields.nonce ?? randomBytes(16).toString('hex')}`
  auth += `,timestamp=${fields.timestamp ?? Date.now()}`
  for (const [name, value] of Object.entries(fields.extensions ?? {})) auth += `,${name}=${value}`
  return auth
}

/** `<auth>\n<METHOD>\n<path?query>\n<body>\n[<app_auth_token>\n]` (docs/protocol.md §4). */
export function v3SignContent(authString: string, request: V3RequestToSign): string {
  let content = `${authString}\n${request.method.toUpperCase()}\n${request.pathWithQuery}\n${request.body ?? ''}\n`
  if (request.appAuthToken) content += `${request.appAuthToken}\n`
  return content
}

export interface SignedV3Request {
  /** The `authorization` header value. */
  authorization: string
  /** The exact string that was signed, for diagnostics. */
  signedContent: string
}

export function signV3Request(
  fields: V3AuthFields,
  request: V3RequestToSign,
  privateKey: KeyObject,
): SignedV3Request {
  const authString = v3AuthString(fields)
  const signedContent = v3SignContent(authString, request)
  const sign = signContent(signedContent, privateKey, 'RSA2')
  return { authorization: `${V3_AUTH_SCHEME} ${authString},sign=${sign}`, signedContent }
}

export interface ParsedV3Authorization {
  scheme: string
  /** The signed `<auth>` part, exactly as sent. */
  authString: string
  /** `app_id`, `nonce`, `timestamp`, `app_cert_sn` and any extension fields. */
  fields: Record<string, string>
  sign: string
}

/** Parses an `authorization` header (gateway side); undefined when it is not of the v3 form. */
export function parseV3Authorization(header: string): ParsedV3Authorization | undefined {
  const space = header.indexOf(' ')
  if (space < 0) return undefined
  const scheme = header.slice(0, space)
  const rest = header.slice(space + 1).trim()
  const signAt = rest.lastIndexOf(',sign=')
  if (signAt < 0) return undefined
  const authString = rest.slice(0, signAt)
  const fields: Record<string, string> = {}
  for (const pair of authString.split(',')) {
    const eq = pair.indexOf('=')
    if (eq <= 0) return undefined
    fields[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  return { scheme, authString, fields, sign: rest.slice(signAt + ',sign='.length) }
}

/** Gateway side: verify a request's `authorization` against the app's public key. */
export function verifyV3Request(
  authorization: ParsedV3Authorization,
  request: V3RequestToSign,
  appPublicKey: KeyObject,
): boolean {
  return verifyContent(
    v3SignContent(authorization.authString, request),
    authorization.sign,
    appPublicKey,
  )
}

export interface V3ResponseToVerify {
  /** `alipay-timestamp` header. */
  timestamp: string
  /** `alipay-nonce` header. */
  nonce: string
  /** The raw body, exactly as received. */
  body: string
  /** `alipay-signature` header. */
  signature: string
}

/** `<alipay-timestamp>\n<alipay-nonce>\n<raw body>\n` (docs/protocol.md §4). */
export function v3ResponseSignContent(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`
}

export function verifyV3Response(
  response: V3ResponseToVerify,
  alipayPublicKey: KeyObject,
): boolean {
  return verifyContent(
    v3ResponseSignContent(response.timestamp, response.nonce, response.body),
    response.signature,
    alipayPublicKey,
  )
}

/** Emulator side: the `alipay-signature` header value for a response. */
export function signV3Response(
  timestamp: string,
  nonce: string,
  body: string,
  alipayPrivateKey: KeyObject,
): string {
  return signContent(v3ResponseSignContent(timestamp, nonce, body), alipayPrivateKey)
}
