/**
 * `@alipay-isv/core/testing`: the conformance suite every store of this library passes, for your
 * own store (Postgres, DynamoDB, …). It registers its tests with the runner you hand it and
 * asserts with node:assert, so it needs no particular test framework:
 *
 * ```ts
 * import { afterEach, beforeEach, describe, it } from 'vitest' // or jest's, or 'node:test'
 * import { describeStoreConformance } from '@alipay-isv/core/testing'
 *
 * describeStoreConformance('PostgresStore', (clock) => PostgresStore.open({ clock }), {
 *   describe, it, beforeEach, afterEach,
 * })
 * ```
 */
export { sampleMerchantToken } from './sample-records.js'
export { describeStoreConformance } from './store-conformance.js'
export type { ConformingStore, TestRunner } from './store-under-test.js'
