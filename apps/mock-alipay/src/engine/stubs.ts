import { randomBytes } from 'node:crypto'
import type { Stub, StubScope, V2Stub, V3Stub } from './contract.js'

/** A validated stub before the emulator gives it an `id` (it keeps one it already has). */
export type NewStub = (Omit<V2Stub, 'id'> | Omit<V3Stub, 'id'>) & { id?: string }

/** A business call as stubs match it: v2 by method, v3 by HTTP method and path. */
export type BusinessCall =
  | { v3: false; appId: string; method: string; authAppId?: string }
  | { v3: true; appId: string; httpMethod: string; path: string; authAppId?: string }

/** The stub that answers a call: a v2 stub for a v2 call, a v3 stub for a v3 call. */
export type StubFor<Call extends { v3: boolean }> = Call extends { v3: true } ? V3Stub : V2Stub

/**
 * How the gateway answers business calls (`POST /__admin/stubs`): the newest stub that matches
 * the call and its scope answers.
 */
export class StubTable {
  #stubs: Stub[] = []

  /** Keeps a validated stub (see `parseStub`), giving it an id when it has none. */
  add(stub: NewStub): Stub {
    const kept = { ...stub, id: stub.id ?? randomBytes(6).toString('hex') } as Stub
    this.#stubs.push(kept)
    return kept
  }

  list(): Stub[] {
    return [...this.#stubs]
  }

  /** Removes one stub; false when no stub has that id. */
  remove(id: string): boolean {
    const before = this.#stubs.length
    this.#stubs = this.#stubs.filter((stub) => stub.id !== id)
    return this.#stubs.length < before
  }

  clear(): void {
    this.#stubs = []
  }

  /** The newest stub for this call in its scope. */
  match<Call extends BusinessCall>(call: Call): StubFor<Call> | undefined {
    for (let index = this.#stubs.length - 1; index >= 0; index--) {
      const stub = this.#stubs[index] as Stub
      // answers() holds only for a stub of the call's version.
      if (answers(stub, call) && inScope(stub, call)) return stub as StubFor<Call>
    }
    return undefined
  }

  /** Stubs for this call that a scope keeps out: what a refusal points at. */
  outOfScope(call: BusinessCall): Stub[] {
    return this.#stubs.filter((stub) => answers(stub, call) && !inScope(stub, call))
  }

  /**
   * The business methods stubbed for this ISV app, for one merchant app or (without
   * `authAppId`) any: what the token query reports as `auth_methods` when the merchant granted
   * every API, and what the consent page lists.
   */
  methodsFor(appId: string, authAppId?: string): string[] {
    const methods = this.#stubs
      .filter((stub) =>
        authAppId === undefined
          ? stub.app_id === undefined || stub.app_id === appId
          : inScope(stub, { appId, authAppId }),
      )
      .map((stub) => ('method' in stub ? stub.method : methodOfV3Path(stub.path)))
    return [...new Set(methods)].sort()
  }
}

function answers(stub: Stub, call: BusinessCall): boolean {
  if (!call.v3) return 'method' in stub && stub.method === call.method
  return 'path' in stub && stub.path === call.path && stub.http_method === call.httpMethod
}

function inScope(scope: StubScope, call: { appId: string; authAppId?: string }): boolean {
  if (scope.app_id !== undefined && scope.app_id !== call.appId) return false
  return scope.auth_app_id === undefined || scope.auth_app_id === call.authAppId
}

/**
 * docs/protocol.md §9: a v3 path names the v2 method it stands for,
 * `/v3/alipay/trade/query` is `alipay.trade.query`.
 */
export function methodOfV3Path(path: string): string {
  return path
    .replace(/^\/v3\//, '')
    .replace(/\/+$/, '')
    .replaceAll('/', '.')
}
