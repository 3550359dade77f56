import type { StateStore, TokenStore } from '../stores/types.js'

/** What the suite tests: both store interfaces, and a close() that releases what it holds. */
export type ConformingStore = TokenStore & StateStore & { close(): Promise<void> }

/**
 * The functions of your test runner the suite registers its tests with: vitest's, jest's,
 * node:test's or mocha's fit as they are. Assertions use node:assert, which every runner reports.
 */
export interface TestRunner {
  describe(name: string, body: () => void): unknown
  it(name: string, body: () => Promise<void>): unknown
  beforeEach(body: () => Promise<void>): unknown
  afterEach(body: () => Promise<void>): unknown
}

/** What a store's test setup can give the suite besides the store. */
export interface ConformanceOptions {
  /**
   * Everything `store` (the one `makeStore` made for the running test) persisted, as text: file
   * bytes, Redis values, SQL rows as JSON. With it, the suite checks that no token reaches the
   * store in plaintext when `AppAuth` has `tokenKeys`.
   */
  rawContents?: (store: ConformingStore) => Promise<string>
}

/** The store of the running test (a fresh one each time), the clock it reads, what it persisted. */
export interface StoreUnderTest {
  readonly store: ConformingStore
  advance(ms: number): void
  /** Everything the store persisted, as text (file bytes, Redis values, SQL rows as JSON). */
  rawContents?: () => Promise<string>
}

/** A group of cases, registered with the runner's `it` against the store under test. */
export type StoreCases = (it: TestRunner['it'], subject: StoreUnderTest) => void
