export type {
  AlipayAuthAdapterOptions,
  AlipayAuthOptions,
  AlipayAuthRoutes,
} from './options.js'
export { alipayAuth, default } from './plugin.js'
