/**
 * What the multi-process proofs share (this fleet test, the crash matrix): an emulator whose
 * merchants an app has already authorized, a place of their own on the shared stores' servers,
 * and (for the fleet) app processes that say when they listen.
 */
export { type AppRoute, type RouteAnswer, startAdapterApp } from './adapter-app.js'
export { type ListeningProcess, spawnListening } from './listening-process.js'
export { type SeededEmulator, startSeededEmulator } from './seeded-emulator.js'
export {
  makeTestPlace,
  SERVER_URLS,
  type SharedStoreKind,
  type TestPlace,
} from './shared-databases.js'
export { openSharedStore, type SharedStore, type SharedStoreConfig } from './store-config.js'
