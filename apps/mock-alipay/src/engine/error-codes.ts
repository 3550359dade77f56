/**
 * Every failure the gateway can answer, with its v2 `code`/`sub_code` (docs/protocol.md §3) and its
 * v3 HTTP status and `code` (docs/protocol.md §4). `sub_msg` starts with the real gateway's wording
 * and adds what the developer should fix.
 */
export type FailureKind =
  | 'unknown-error'
  | 'missing-method'
  | 'missing-signature'
  | 'missing-signature-type'
  | 'missing-app-id'
  | 'missing-timestamp'
  | 'missing-version'
  | 'invalid-signature'
  | 'invalid-signature-type'
  | 'invalid-app-id'
  | 'invalid-method'
  | 'invalid-timestamp'
  | 'invalid-parameter'
  | 'app-cert-not-exist'
  | 'grant-type-invalid'
  | 'code-not-exist'
  | 'code-not-valid'
  | 'app-id-not-consistent'
  | 'refresh-token-not-exist'
  | 'refresh-token-not-valid'
  | 'refresh-token-time-out'
  | 'auth-token-not-found'
  | 'auth-token-time-out'
  | 'app-auth-token-invalid'
  | 'app-auth-token-time-out'
  | 'app-auth-token-no-api'

export interface Failure {
  kind: FailureKind
  /** What exactly was wrong, in English; appended to the real wording. */
  detail?: string
}

interface FailureCodes {
  code: string
  subCode: string
  /** The real gateway's `sub_msg`. */
  wording: string
  v3Status: number
  v3Code: string
}

const MSG: Record<string, string> = {
  '20000': 'Service Currently Unavailable',
  '20001': 'Insufficient Token Permissions',
  '40001': 'Missing Required Arguments',
  '40002': 'Invalid Arguments',
  '40004': 'Business Failed',
}

/**
 * The gateway's words on a bad signature; it then quotes the string it verified (docs/protocol.md
 * §3).
 */
export const INVALID_SIGNATURE_WORDING =
  '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：'

const TABLE: Record<FailureKind, FailureCodes> = {
  'unknown-error': {
    code: '20000',
    subCode: 'isp.unknow-error',
    wording: '系统繁忙',
    v3Status: 500,
    v3Code: 'isp.unknow-error',
  },
  'missing-method': {
    code: '40001',
    subCode: 'isv.missing-method',
    wording: '缺少方法名参数',
    v3Status: 400,
    v3Code: 'missing-method',
  },
  'missing-signature': {
    code: '40001',
    subCode: 'isv.missing-signature',
    wording: '缺少签名参数',
    v3Status: 401,
    v3Code: 'invalid-signature',
  },
  'missing-signature-type': {
    code: '40001',
    subCode: 'isv.missing-signature-type',
    wording: '缺少签名类型参数',
    v3Status: 400,
    v3Code: 'invalid-signature',
  },
  'missing-app-id': {
    code: '40001',
    subCode: 'isv.missing-app-id',
    wording: '缺少AppID参数',
    v3Status: 401,
    v3Code: 'invalid-app-id',
  },
  'missing-timestamp': {
    code: '40001',
    subCode: 'isv.missing-timestamp',
    wording: '缺少时间戳参数',
    v3Status: 401,
    v3Code: 'invalid-timestamp',
  },
  'missing-version': {
    code: '40001',
    subCode: 'isv.missing-version',
    wording: '缺少版本参数',
    v3Status: 400,
    v3Code: 'invalid-parameter',
  },
  'invalid-signature': {
    code: '40002',
    subCode: 'isv.invalid-signature',
    wording: INVALID_SIGNATURE_WORDING,
    v3Status: 401,
    v3Code: 'invalid-signature',
  },
  'invalid-signature-type': {
    code: '40002',
    subCode: 'isv.invalid-signature-type',
    wording: '无效签名类型',
    v3Status: 401,
    v3Code: 'invalid-signature',
  },
  'invalid-app-id': {
    code: '40002',
    subCode: 'isv.invalid-app-id',
    wording: '无效的AppID参数',
    v3Status: 401,
    v3Code: 'invalid-app-id',
  },
  'invalid-method': {
    code: '40002',
    subCode: 'isv.invalid-method',
    wording: '不存在的方法名',
    v3Status: 404,
    v3Code: 'invalid-method',
  },
  'invalid-timestamp': {
    code: '40002',
    subCode: 'isv.invalid-timestamp',
    wording: '非法的时间戳参数',
    v3Status: 401,
    v3Code: 'invalid-timestamp',
  },
  'invalid-parameter': {
    code: '40002',
    subCode: 'isv.invalid-parameter',
    wording: '参数无效',
    v3Status: 400,
    v3Code: 'invalid-parameter',
  },
  'app-cert-not-exist': {
    code: '40002',
    subCode: 'isv.app-cert-not-exist',
    wording: '应用证书不存在',
    v3Status: 401,
    v3Code: 'app-cert-not-exist',
  },
  'grant-type-invalid': {
    code: '40002',
    subCode: 'isv.invalid-parameter',
    wording: 'grant_type参数无效',
    v3Status: 400,
    v3Code: 'GRANT_TYPE_INVALID',
  },
  'code-not-exist': {
    code: '40002',
    subCode: 'isv.code-invalid',
    wording: '授权码code无效',
    v3Status: 400,
    v3Code: 'AUTH_CODE_NOT_EXIST',
  },
  'code-not-valid': {
    code: '40002',
    subCode: 'isv.code-invalid',
    wording: '授权码code无效',
    v3Status: 400,
    v3Code: 'AUTH_CODE_NOT_VALID',
  },
  'app-id-not-consistent': {
    code: '40002',
    subCode: 'isv.code-invalid',
    wording: '授权码code无效',
    v3Status: 400,
    v3Code: 'APP_ID_NOT_CONSISTENT',
  },
  'refresh-token-not-exist': {
    code: '40002',
    subCode: 'isv.refresh-token-invalid',
    wording: '刷新令牌refresh_token无效',
    v3Status: 400,
    v3Code: 'REFRESH_TOKEN_NOT_EXIST',
  },
  'refresh-token-not-valid': {
    code: '40002',
    subCode: 'isv.refresh-token-invalid',
    wording: '刷新令牌refresh_token无效',
    v3Status: 400,
    v3Code: 'REFRESH_TOKEN_NOT_VALID',
  },
  'refresh-token-time-out': {
    code: '40002',
    subCode: 'isv.refresh-token-time-out',
    wording: '刷新令牌refresh_token已过期',
    v3Status: 400,
    v3Code: 'REFRESH_TOKEN_TIME_OUT',
  },
  'auth-token-not-found': {
    code: '20001',
    subCode: 'aop.invalid-app-auth-token',
    wording: '无效的应用授权令牌',
    v3Status: 400,
    v3Code: 'AUTH_TOKEN_NOT_FOUND',
  },
  // Only with token_expiry 'enforce'. No v3 code is published: named after REFRESH_TOKEN_TIME_OUT.
  'auth-token-time-out': {
    code: '20001',
    subCode: 'aop.app-auth-token-time-out',
    wording: '应用授权令牌已过期',
    v3Status: 400,
    v3Code: 'AUTH_TOKEN_TIME_OUT',
  },
  // Business calls for a merchant (docs/protocol.md §9). Alipay publishes
  // no v3 status or code for these: v3 codes are the v2 sub_codes without their `aop.` prefix,
  // as v3's `invalid-signature` is v2's `isv.invalid-signature`; 401 for a token that does not
  // authenticate, 403 for one that does but lacks the API.
  'app-auth-token-invalid': {
    code: '20001',
    subCode: 'aop.invalid-app-auth-token',
    wording: '无效的应用授权令牌',
    v3Status: 401,
    v3Code: 'invalid-app-auth-token',
  },
  'app-auth-token-time-out': {
    code: '20001',
    subCode: 'aop.app-auth-token-time-out',
    wording: '应用授权令牌已过期',
    v3Status: 401,
    v3Code: 'app-auth-token-time-out',
  },
  'app-auth-token-no-api': {
    code: '20001',
    subCode: 'aop.invalid-app-auth-token-no-api',
    wording: '商户未授权当前接口',
    v3Status: 403,
    v3Code: 'invalid-app-auth-token-no-api',
  },
}

/** The gateway's `msg` for a `code` (docs/protocol.md §3); `Success` for 10000. */
export function gatewayMsg(code: string): string {
  return code === '10000' ? 'Success' : (MSG[code] ?? 'Business Failed')
}

export interface V2ErrorNode {
  code: string
  msg: string
  sub_code: string
  sub_msg: string
}

export function v2ErrorNode(failure: Failure): V2ErrorNode {
  const codes = TABLE[failure.kind]
  return {
    code: codes.code,
    msg: gatewayMsg(codes.code),
    sub_code: codes.subCode,
    sub_msg: describe(failure, codes),
  }
}

/** A business error injected by a fault: a known sub_code keeps its code, others are 40004. */
export function v2BusinessErrorNode(subCode: string): V2ErrorNode {
  const known = Object.values(TABLE).find((codes) => codes.subCode === subCode)
  const code = known?.code ?? '40004'
  return {
    code,
    msg: gatewayMsg(code),
    sub_code: subCode,
    sub_msg: known?.wording ?? '业务处理失败 (injected by a mock-alipay fault)',
  }
}

export interface V3ErrorBody {
  status: number
  body: { code: string; message: string; links: { link: string; desc: string }[] }
}

export function v3Error(failure: Failure): V3ErrorBody {
  const codes = TABLE[failure.kind]
  return {
    status: codes.v3Status,
    body: { code: codes.v3Code, message: describe(failure, codes), links: [] },
  }
}

function describe(failure: Failure, codes: FailureCodes): string {
  if (failure.kind === 'invalid-signature') return `${codes.wording}${failure.detail ?? ''}`
  return failure.detail ? `${codes.wording} (${failure.detail})` : codes.wording
}
