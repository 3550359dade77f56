import { AppAuth } from '../../src/auth/app-auth.js'
import type { AppAuthOptions } from '../../src/auth/options.js'
import { MemoryStore } from '../../src/stores/memory-store.js'
import { clientOptions, manualClock } from '../mocks.js'

export const REDIRECT_URI = 'https://isv.example/alipay/callback'

/** An AppAuth against the mock, with a hand-moved clock and a store the test can inspect. */
export function createAppAuth(overrides: Partial<AppAuthOptions> = {}) {
  const clock = manualClock()
  const store = new MemoryStore({ clock })
  const auth = new AppAuth({
    ...clientOptions({ clock }),
    redirectUri: REDIRECT_URI,
    store,
    ...overrides,
  })
  return { auth, clock, store }
}

/** Starts an authorization and builds the callback query Alipay would redirect with. */
export async function startFlow(auth: AppAuth, code = 'code-1') {
  const { state, browserBinding, url } = await auth.authorizeUrl()
  const query = { app_id: auth.appId, source: 'alipay_app_auth', app_auth_code: code, state }
  return { state, browserBinding, url, query }
}
