import assert from 'node:assert/strict'
import type { AdapterScenario } from '../context.js'
import type { AdapterHarness, ScenarioAppOptions } from '../harness.js'
import { ScenarioWorld } from '../world.js'

/** Each case breaks one option; the adapter must refuse to start and name it. */
const badOptions: Array<{ option: string; change: Record<string, unknown> }> = [
  { option: 'appId', change: { appId: undefined } },
  { option: 'redirectUri', change: { redirectUri: 'not a url' } },
  { option: 'prefix', change: { prefix: 'alipay' } },
  { option: 'routes.callback', change: { routes: { callback: 42 } } },
  { option: 'onAuthorized', change: { onAuthorized: 'yes' } },
  { option: 'successRedirect', change: { successRedirect: 42 } },
  { option: 'cookieName', change: { cookieName: 'bad;name' } },
]

export const optionScenarios: AdapterScenario[] = badOptions.map(({ option, change }) => ({
  name: `a bad ${option} option is rejected at startup with a message naming ${option}`,
  run: async (harness: AdapterHarness) => {
    const options = { ...new ScenarioWorld().appAuthOptions(), ...change }
    await assert.rejects(
      harness.startApp(options as unknown as ScenarioAppOptions),
      (error: Error) => {
        assert.ok(error.message.includes(option), `"${error.message}" should name ${option}`)
        return true
      },
    )
  },
}))
