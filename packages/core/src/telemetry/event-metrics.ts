import type { AppAuthEventEmitter } from '../auth/events.js'
import { failureAttributes } from './failure.js'
import type { Telemetry } from './telemetry.js'

/**
 * The metrics AppAuth's events already tell, counted where every emitter of them is covered:
 * refreshes that failed (by `error.type`) and merchants that must authorize again (by reason).
 */
export function measureEvents(events: AppAuthEventEmitter, telemetry: Telemetry): void {
  events.on('refreshFailed', ({ error }) =>
    telemetry.instruments()?.refreshFailures.add(1, {
      'error.type': failureAttributes(error)['error.type'],
    }),
  )
  events.on('reauthorizationRequired', ({ reason }) =>
    telemetry.instruments()?.reauthorizationsRequired.add(1, { 'alipay.reason': reason }),
  )
}
