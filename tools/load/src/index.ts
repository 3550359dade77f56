export type { AdapterName } from './adapter-apps.js'
export { type AdapterLoadResult, type LoadOptions, loadAdapter } from './run-load.js'
export { measureSignerBound, type SignerBound } from './signer-bound.js'
