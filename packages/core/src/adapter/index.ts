export {
  type AdapterOptions,
  type AdapterRouteName,
  type AdapterRoutes,
  adapterDefaults,
  type ResolvedAdapterOptions,
} from './adapter-options.js'
export { adapterOptionError } from './option-error.js'
export { resolveAdapterOptions } from './resolve-adapter-options.js'
