import type { AppRoute } from '@alipay-isv/fleet'

/**
 * The app's own routes, the same behind both adapters: `POST /matrix/refresh/:authAppId` (the
 * examples' Refresh button), `POST /matrix/query/:authAppId` (their Query button),
 * `POST /matrix/reencrypt` (their Re-encrypt tokens button: answers the report) and
 * `GET /matrix/ready` (waits for the pass over interrupted refreshes, and answers its report).
 */
export const merchantAction: AppRoute = async (auth, method, path) => {
  const [, action, authAppId] =
    /^\/matrix\/(refresh|query|ready|reencrypt)\/?([^/]*)$/.exec(path) ?? []
  try {
    if (method === 'GET' && action === 'ready') {
      return { status: 200, body: { ...(await auth.finishInterruptedRefreshes()) } }
    }
    if (method === 'POST' && action === 'reencrypt') {
      return { status: 200, body: { ...(await auth.reencryptTokens()) } }
    }
    if (method !== 'POST' || !authAppId) return undefined
    if (action === 'refresh') {
      return { status: 200, body: { token: (await auth.refresh(authAppId)).appAuthToken } }
    }
    if (action === 'query') return { status: 200, body: { ...(await auth.query(authAppId)) } }
    return undefined
  } catch (error) {
    return { status: 500, body: { error: String(error) } }
  }
}
