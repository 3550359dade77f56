import type { AdapterScenario } from './context.js'
import { authorizeScenarios } from './scenarios/authorize.js'
import { browserBindingScenarios } from './scenarios/browser-binding.js'
import { callbackFailurePageScenarios } from './scenarios/callback-failure-page.js'
import { callbackReplayScenarios } from './scenarios/callback-replay.js'
import { callbackStateScenarios } from './scenarios/callback-state.js'
import { callbackSuccessScenarios } from './scenarios/callback-success.js'
import { callbackUpstreamScenarios } from './scenarios/callback-upstream.js'
import { contextScenarios } from './scenarios/context.js'
import { invitationScenarios } from './scenarios/invitations.js'
import { notifyScenarios } from './scenarios/notify.js'
import { optionScenarios } from './scenarios/options.js'
import { qrCallbackScenarios } from './scenarios/qr-callback.js'
import { qrStartScenarios } from './scenarios/qr-start.js'
import { refusalsWriteNothingScenarios } from './scenarios/refusals-write-nothing.js'
import { routeErrorScenarios } from './scenarios/route-errors.js'
import { routeScenarios } from './scenarios/routes.js'
import { severalAppsScenarios } from './scenarios/several-apps.js'

export { parseSetCookie, ScenarioBrowser } from './browser.js'
export type { AdapterScenario, ScenarioContext } from './context.js'
export { type EmulatorAppSettings, registerEmulatorApp } from './emulator-app.js'
export * from './harness.js'
export { browserAccept } from './scenarios/callback-failure-page.js'
export type { ScenarioMerchant } from './world.js'
export { defaultMerchant, ScenarioWorld } from './world.js'

/**
 * Every behaviour both adapters share. Run it with:
 * `for (const scenario of adapterScenarios) it(scenario.name, () => scenario.run(harness))`.
 */
export const adapterScenarios: readonly AdapterScenario[] = [
  ...authorizeScenarios,
  ...callbackSuccessScenarios,
  ...callbackStateScenarios,
  ...callbackUpstreamScenarios,
  ...callbackReplayScenarios,
  ...refusalsWriteNothingScenarios,
  ...browserBindingScenarios,
  ...invitationScenarios,
  ...contextScenarios,
  ...callbackFailurePageScenarios,
  ...qrStartScenarios,
  ...qrCallbackScenarios,
  ...notifyScenarios,
  ...routeScenarios,
  ...optionScenarios,
  ...routeErrorScenarios,
  ...severalAppsScenarios,
]
