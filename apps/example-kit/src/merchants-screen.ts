import type { AppAuth } from '@alipay-isv/core'
import { AuthMetrics } from './auth-metrics.js'
import type { ExampleConfig } from './config.js'
import { emulatorClockStrip } from './emulator-clock.js'
import type { ActionResult } from './error-page.js'
import { type Html, html, type PageResponse } from './html.js'
import { type ActionSettings, queryAction, refreshAction } from './merchant-actions.js'
import { homePage, merchantsPage } from './pages.js'
import { reencryptAction, tokenKeysPanel } from './reencrypt-action.js'
import { tradeQueryAction } from './trade-query-action.js'

/** Where the developer detail of a failed action goes: the example's log. */
export type DetailLog = (line: string) => void

/** Merchants on one page: the list is read a page at a time, however many there are. */
export const MERCHANTS_PER_PAGE = 50

/**
 * The console's pages over the adapter's `AppAuth`: home, GET /merchants, its buttons (Refresh,
 * Query, Call alipay.trade.query) and Re-encrypt tokens. A button's result (or its error) is shown at the top of the merchants page,
 * so the cards below already reflect it.
 */
export class MerchantsScreen {
  /** Counts every AppAuth event from now on: shown on the page and served at GET /metrics. */
  readonly metrics: AuthMetrics
  private readonly settings: ActionSettings

  constructor(
    private readonly appAuth: AppAuth,
    private readonly config: ExampleConfig,
    private readonly log: DetailLog = (line) => process.stderr.write(`${line}\n`),
  ) {
    this.metrics = new AuthMetrics(appAuth)
    this.settings = {
      minRefreshIntervalMs: config.alipay.minRefreshIntervalMs ?? 60_000,
      development: config.development,
    }
  }

  async home(): Promise<PageResponse> {
    return homePage(this.config, await this.strips())
  }

  /**
   * `authorized`: the page is where a completed authorization lands. `after`: the page of
   * merchants after this `authAppId` (the previous page's last), the first page without it.
   */
  async show(
    options: { authorized?: boolean; result?: ActionResult; after?: string } = {},
  ): Promise<PageResponse> {
    const { after } = options
    const page = await this.appAuth.listMerchants({ after, limit: MERCHANTS_PER_PAGE })
    return merchantsPage({
      merchants: page.merchants,
      paging: { after, next: page.next },
      metrics: await this.metrics.snapshot(),
      trust: this.config.trust,
      result: options.result,
      notice: options.authorized
        ? html`<p><strong>Authorization complete.</strong> The merchant’s apps are listed below with their tokens.</p>`
        : undefined,
      strips: await this.strips(),
      tokenKeys: tokenKeysPanel(this.config.alipay.tokenKeys?.map((key) => key.id)),
    })
  }

  refresh(authAppId: string): Promise<PageResponse> {
    return this.act(authAppId, 'refresh', refreshAction)
  }

  query(authAppId: string): Promise<PageResponse> {
    return this.act(authAppId, 'query', queryAction)
  }

  tradeQuery(authAppId: string): Promise<PageResponse> {
    return this.act(authAppId, 'alipay.trade.query', tradeQueryAction)
  }

  /** One merchant's button: the page again, with the action's result above the merchants. */
  private async act(
    authAppId: string,
    action: string,
    run: (appAuth: AppAuth, authAppId: string, settings: ActionSettings) => Promise<ActionResult>,
  ): Promise<PageResponse> {
    const result = await run(this.appAuth, authAppId, this.settings)
    return this.show({ result: this.logged(authAppId, action, result) })
  }

  /** The developer detail of a failed action always reaches the log, whatever the page shows. */
  private logged(authAppId: string, action: string, result: ActionResult): ActionResult {
    if (result.detail !== undefined)
      this.log(`merchant ${authAppId}: ${action} failed: ${result.detail}`)
    return result
  }

  private async strips(): Promise<Html[]> {
    const clock = await emulatorClockStrip(this.config.emulatorUrl)
    return clock === undefined ? [] : [clock]
  }

  async reencrypt(): Promise<PageResponse> {
    return this.show({ result: await reencryptAction(this.appAuth, this.settings.development) })
  }
}
