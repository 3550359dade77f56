export * from './clock.js'
export * from './errors.js'
export * from './signer/index.js'
export type * from './stores/types.js'
