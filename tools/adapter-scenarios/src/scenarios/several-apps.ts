import assert from 'node:assert/strict'
import { ScenarioBrowser } from '../browser.js'
import type { AdapterScenario } from '../context.js'
import type { AdapterHarness, NamedAppOptions, StartedApps } from '../harness.js'
import { defaultMerchant, type ScenarioMerchant, ScenarioWorld } from '../world.js'

const form = 'application/x-www-form-urlencoded'
const secondMerchant: ScenarioMerchant = {
  userId: '2088000000000002',
  authAppId: '2021000000000002',
}

/**
 * A web app at the default `/alipay` and a mini-program template app at `/mini`, each with its
 * own cookie and name for its AppAuth, in one server of one ISV.
 */
async function withTwoApps(
  harness: AdapterHarness,
  body: (world: ScenarioWorld, started: StartedApps, browser: ScenarioBrowser) => Promise<void>,
): Promise<void> {
  const world = new ScenarioWorld()
  const apps: NamedAppOptions[] = [
    { name: 'alipayAuth', options: world.appAuthOptions() },
    {
      name: 'miniAppAuth',
      options: {
        ...world.appAuthOptions('/mini/callback', world.secondAppId),
        prefix: '/mini',
        cookieName: 'mini_auth_state',
      },
    },
  ]
  const started = await harness.startApps(apps)
  try {
    await body(world, started, new ScenarioBrowser(started.baseUrl))
  } finally {
    await started.close()
  }
}

async function authorizeAt(
  world: ScenarioWorld,
  browser: ScenarioBrowser,
  prefix: string,
  merchant: ScenarioMerchant,
): Promise<Response> {
  const start = await browser.get(`${prefix}/authorize`)
  assert.equal(start.status, 302, `GET ${prefix}/authorize should redirect to Alipay`)
  return browser.get(await world.consent(start.headers.get('location') ?? '', merchant))
}

const merchantIds = async (started: StartedApps, index: number) =>
  (await started.appAuths[index]?.listMerchants())?.map((merchant) => merchant.authAppId)

export const severalAppsScenarios: AdapterScenario[] = [
  {
    name: 'two ISV apps in one server each authorize under their own prefix, cookie and AppAuth',
    run: (harness) =>
      withTwoApps(harness, async (world, started, browser) => {
        const [web, mini] = started.appAuths
        assert.equal(web?.appId, world.appId)
        assert.equal(mini?.appId, world.secondAppId)
        assert.equal((await authorizeAt(world, browser, '/alipay', defaultMerchant)).status, 200)
        assert.equal((await authorizeAt(world, browser, '/mini', secondMerchant)).status, 200)
        assert.ok(browser.cookie('alipay_auth_state'), 'the web app’s state cookie')
        assert.ok(browser.cookie('mini_auth_state'), 'the mini app’s state cookie')
        assert.deepEqual(await merchantIds(started, 0), [defaultMerchant.authAppId])
        assert.deepEqual(await merchantIds(started, 1), [secondMerchant.authAppId])
      }),
  },
  {
    name: 'each app’s notify route takes its own app’s notifications, and refuses the other’s',
    run: (harness) =>
      withTwoApps(harness, async (world, started, browser) => {
        const forMini = world.authorizationNotify('n1', secondMerchant, world.secondAppId)
        const atWeb = await browser.post('/alipay/notify', forMini, form)
        assert.notEqual(await atWeb.text(), 'success')
        assert.deepEqual(await merchantIds(started, 0), [])
        const atMini = await browser.post('/mini/notify', forMini, form)
        assert.equal(await atMini.text(), 'success')
        assert.deepEqual(await merchantIds(started, 1), [secondMerchant.authAppId])
      }),
  },
]
