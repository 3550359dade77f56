import type { V2Stub, V3Stub } from './contract.js'
import { gatewayMsg } from './error-codes.js'

/**
 * A v2 stub's `<method>_response` node as Alipay lays it out (docs/protocol.md §3): `code` and
 * `msg` first, defaulting to `10000`/`Success`, or `40004`/`Business Failed` for a stub with a
 * `sub_code`; then the stub's fields.
 */
export function stubNode(stub: V2Stub): string {
  const { code, msg, ...fields } = stub.response
  const answered =
    typeof code === 'string' ? code : fields.sub_code === undefined ? '10000' : '40004'
  return JSON.stringify({
    code: answered,
    msg: typeof msg === 'string' ? msg : gatewayMsg(answered),
    ...fields,
  })
}

/** A v3 stub's HTTP status and JSON body. */
export function v3StubAnswer(stub: V3Stub): { status: number; body: string } {
  return { status: stub.status, body: JSON.stringify(stub.body) }
}
