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
  'unknown-error': f('20000', 'isp.unknow-error', '系统繁忙', 500, 'isp.unknow-error'),
  'missing-method': f('40001', 'isv.missing-method', '缺少方法名参数', 400, 'missing-method'),
  'missing-signature': f(
    '40001',
    'isv.missing-signature',
    '缺少签名参数',
    401,
    'invalid-signature',
  ),
  'missing-signature-type': f(
    '40001',
    'isv.missing-signature-type',
    '缺少签名类型参数',
    400,
    'invalid-signature',
  ),
  'missing-app-id': f('40001', 'isv.missing-app-id', '缺少AppID参数', 401, 'invalid-app-id'),
  'missing-timestamp': f(
    '40001',
    'isv.missing-timestamp',
    '缺少时间戳参数',
    401,
    'invalid-timestamp',
  ),
  'missing-version': f('40001', 'isv.missing-version', '缺少版本参数', 400, 'invalid-parameter'),
  'invalid-signature': f(
    '40002',
    'isv.invalid-signature',
    INVALID_SIGNATURE_WORDING,
    401,
    'invalid-signature',
  ),
  'invalid-signature-type': f(
    '40002',
    'isv.invalid-signature-type',
    '无效签名类型',
    401,
    'invalid-signature',
  ),
  'invalid-app-id': f('40002', 'isv.invalid-app-id', '无效的AppID参数', 401, 'invalid-app-id'),
  'invalid-method': f('40002', 'isv.invalid-method', '不存在的方法名', 404, 'invalid-method'),
  'invalid-timestamp': f(
    '40002',
    'isv.invalid-timestamp',
    '非法的时间戳参数',
    401,
    'invalid-timestamp',
  ),
  'invalid-parameter': f('40002', 'isv.invalid-parameter', '参数无效', 400, 'invalid-parameter'),
  'app-cert-not-exist': f(
    '40002',
    'isv.app-cert-not-exist',
    '应用证书不存在',
    401,
    'app-cert-not-exist',
  ),
  'grant-type-invalid': f(
    '40002',
    'isv.invalid-parameter',
    'grant_type参数无效',
    400,
    'GRANT_TYPE_INVALID',
  ),
  'code-not-exist': f('40002', 'isv.code-invalid', '授权码code无效', 400, 'AUTH_CODE_NOT_EXIST'),
  'code-not-valid': f('40002', 'isv.code-invalid', '授权码code无效', 400, 'AUTH_CODE_NOT_VALID'),
  'app-id-not-consistent': f(
    '40002',
    'isv.code-invalid',
    '授权码code无效',
    400,
    'APP_ID_NOT_CONSISTENT',
  ),
  'refresh-token-not-exist': f(
    '40002',
    'isv.refresh-token-invalid',
    '刷新令牌refresh_token无效',
    400,
    'REFRESH_TOKEN_NOT_EXIST',
  ),
  'refresh-token-not-valid': f(
    '40002',
    'isv.refresh-token-invalid',
    '刷新令牌refresh_token无效',
    400,
    'REFRESH_TOKEN_NOT_VALID',
  ),
  'refresh-token-time-out': f(
    '40002',
    'isv.refresh-token-time-out',
    '刷新令牌refresh_token已过期',
    400,
    'REFRESH_TOKEN_TIME_OUT',
  ),
  'auth-token-not-found': f(
    '20001',
    'aop.invalid-app-auth-token',
    '无效的应用授权令牌',
    400,
    'AUTH_TOKEN_NOT_FOUND',
  ),
  // Only with token_expiry 'enforce'. No v3 code is published: named after REFRESH_TOKEN_TIME_OUT.
  'auth-token-time-out': f(
    '20001',
    'aop.app-auth-token-time-out',
    '应用授权令牌已过期',
    400,
    'AUTH_TOKEN_TIME_OUT',
  ),
  // Business calls for a merchant (docs/protocol.md §9). Alipay publishes
  // no v3 status or code for these: v3 codes are the v2 sub_codes without their `aop.` prefix,
  // as v3's `invalid-signature` is v2's `isv.invalid-signature`; 401 for a token that does not
  // authenticate, 403 for one that does but lacks the API.
  'app-auth-token-invalid': f(
    '20001',
    'aop.invalid-app-auth-token',
    '无效的应用授权令牌',
    401,
    'invalid-app-auth-token',
  ),
  'app-auth-token-time-out': f(
    '20001',
    'aop.app-auth-token-time-out',
    '应用授权令牌已过期',
    401,
    'app-auth-token-time-out',
  ),
  'app-auth-token-no-api': f(
    '20001',
    'aop.invalid-app-auth-token-no-api',
    '商户未授权当前接口',
    403,
    'invalid-app-auth-token-no-api',
  ),
}

function f(code: string, subCode: string, wording: string, v3Status: number, v3Code: string) {
  return { code, subCode, wording, v3Status, v3Code }
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
