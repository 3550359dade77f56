export { isConnectionReset } from './connection-reset.js'
export type * from './contract.js'
export { MockAlipayEngine } from './engine.js'
export type { FaultKind, FaultSpec } from './faults.js'
