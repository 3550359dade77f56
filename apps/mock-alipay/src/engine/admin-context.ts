import type { AlipayCertificates } from './alipay-certificates.js'
import type { RegisteredApp } from './apps.js'
import type { Authorization } from './authorization.js'
import type { EngineClock } from './clock.js'
import type { AppRegistration, CertificateAuthority } from './contract.js'
import type { FaultTable } from './faults.js'
import type { AlipayKeys } from './keys.js'
import type { RequestLog } from './request-log.js'
import type { EngineState } from './state.js'

/** What the admin API may touch: the engine's parts, and its register and reset operations. */
export interface AdminContext {
  state: EngineState
  clock: EngineClock
  faults: FaultTable
  log: RequestLog
  authorization: Authorization
  keys: AlipayKeys
  certificates: AlipayCertificates
  authority: CertificateAuthority | undefined
  maxBodyBytes: number
  registerApp(input: AppRegistration): RegisteredApp
  reset(): void
}
