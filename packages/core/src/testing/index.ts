/**
 * `@alipay-isv/core/testing`: the conformance suite every store of this library passes, for your
 * own store (DynamoDB, SQLite, …). It registers its tests with the runner you hand it and
 * asserts with node:assert, so it needs no particular test framework:
 *
 * ```ts
 * import { afterEach, beforeEach, describe, it } from 'vitest' // or jest's, or 'node:test'
 * import { describeStoreConformance } from '@alipay-isv/core/testing'
 *
 * describeStoreConformance('MyStore', async (clock) => new MyStore({ clock }), {
 *   describe, it, beforeEach, afterEach,
 * })
 * ```
 *
 * Pass `{ rawContents }` as a fourth argument (given the test's store, everything it persisted)
 * and the suite also checks that, with `AppAuth`'s `tokenKeys`, no token is persisted in plaintext.
 *
 * A store that keeps its data in files of a local directory (SQLite, LMDB, a log of its own) also
 * runs `describeDirectoryStoreConformance`: restarts, one opener at a time, owner-only files, a
 * torn last write, a damaged record. `manualClock()` is the clock the suites move: a `Clock` that
 * changes only when a test calls `advance(ms)`; `testKeyPair(role)` an RSA pair generated once per
 * test process and role.
 */
export type { DirectoryStore } from './directory-store-conformance.js'
export { describeDirectoryStoreConformance } from './directory-store-conformance.js'
export { type ManualClock, manualClock } from './manual-clock.js'
export { sampleMerchantToken } from './sample-records.js'
export { describeStoreConformance } from './store-conformance.js'
export type { ConformanceOptions, ConformingStore, TestRunner } from './store-under-test.js'
export { type TestKeyPair, testKeyPair } from './test-key-pair.js'
