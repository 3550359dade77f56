import type { RequestLogEntry } from '../../src/index.js'
import type { EmulatorTransport } from './alipay-client.js'

/** The admin API, however the emulator is reached, as JSON in and out. */
export function admin(emulator: EmulatorTransport) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await emulator.fetch(`${emulator.baseUrl}/__admin${path}`, {
      method,
      ...(method !== 'GET' && { headers: { 'content-type': 'application/json' } }),
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    return { status: response.status, json: (await response.json()) as Record<string, unknown> }
  }
  return {
    call,
    registerApp: async (app: Record<string, unknown>) => (await call('POST', '/apps', app)).json,
    authorize: async (body: Record<string, unknown>) =>
      (await call('POST', '/authorize', body)).json as {
        app_auth_code: string
        redirect_url?: string
      },
    advanceClock: async (seconds: number) =>
      (await call('POST', '/clock', { advance_seconds: seconds })).json,
    addFault: async (fault: Record<string, unknown>) => call('POST', '/faults', fault),
    clearFaults: async () => call('DELETE', '/faults'),
    requests: async () => (await call('GET', '/requests')).json.requests as RequestLogEntry[],
    cancel: async (appId: string, userId: string) =>
      call('POST', '/merchants/cancel', { app_id: appId, user_id: userId }),
    addStub: async (stub: Record<string, unknown>) => (await call('POST', '/stubs', stub)).json,
    stubs: async () => (await call('GET', '/stubs')).json.stubs as Record<string, unknown>[],
  }
}
