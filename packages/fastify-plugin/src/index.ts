export * from './errors.js'
export type {
  AlipayAuthPluginOptions,
  AlipayAuthRouteOptions,
  AlipayAuthRoutes,
} from './options.js'
export { alipayAuth, default } from './plugin.js'
