import type { AdminContext } from './admin-context.js'
import type { RegisteredApp } from './apps.js'

export function describeApp(app: RegisteredApp): Record<string, unknown> {
  const { aes_key: _secret, ...registration } = app.registration
  return { ...registration, app_cert_sn: app.appCertSn, aes: _secret !== undefined }
}

export function describeKeys(ctx: AdminContext): Record<string, unknown> {
  const keys: Record<string, unknown> = { alipay_public_key: ctx.keys.publicKeyPem }
  const current = ctx.certificates.current
  if (!ctx.authority || !current) return keys
  // The certificate answers are signed with now: after a rotation, the rotated one.
  return {
    ...keys,
    alipay_root_cert: ctx.authority.rootCertPem,
    alipay_public_cert: current.certPem,
    alipay_root_cert_sn: ctx.authority.rootCertSn,
    alipay_cert_sn: current.sn,
  }
}

export function describeClock(ctx: AdminContext): Record<string, unknown> {
  return {
    now: ctx.clock.now(),
    china_time: ctx.clock.chinaTime(),
    offset_seconds: ctx.clock.offsetMs / 1000,
  }
}
