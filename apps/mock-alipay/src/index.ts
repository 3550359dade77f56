export type {
  AlipayKeysInfo,
  AuthorizeRequest,
  AuthorizeResult,
  ClockInfo,
  InviteRequest,
  InviteResult,
  MockAlipayAdmin,
  RegisteredAppInfo,
} from './admin-client.js'
export { createAdminClient } from './admin-client.js'
export type { AdminAccessOptions } from './admin-guard.js'
export {
  type CertificateAuthorityState,
  type CreateCertificateAuthorityOptions,
  type IssuedCertificate,
  MockCertificateAuthority,
} from './certificate-authority.js'
export * from './engine/index.js'
export type { RequestHandler } from './request-handler.js'
export { createMockAlipayServer, type MockAlipayServerOptions } from './server.js'
export { type RunningMockAlipay, type StartMockAlipayOptions, startMockAlipay } from './start.js'
