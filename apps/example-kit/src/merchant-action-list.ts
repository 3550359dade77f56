import type { MerchantToken } from '@alipay-isv/core'
import { type Html, html, join } from './html.js'

/**
 * One button of the console: a POST form (it changes something) or a link. Actions are data, so
 * a new one (another Alipay call, a maintenance task) is one more entry in a list below.
 */
export interface ConsoleAction {
  /** The button's `name`, stable for tests and scripts. */
  name: string
  label: string
  method: 'post' | 'get'
  href: string
  primary?: boolean
}

/** The actions of one merchant's card: calls on its behalf while active, else authorizing again. */
export function merchantActions(merchant: MerchantToken): ConsoleAction[] {
  if (merchant.status !== 'active') {
    return [
      { name: 'reauthorize', label: 'Authorize again', method: 'get', href: '/alipay/authorize' },
    ]
  }
  const post = (name: string, label: string): ConsoleAction => ({
    name,
    label,
    method: 'post',
    href: `/merchants/${encodeURIComponent(merchant.authAppId)}/${name}`,
  })
  return [
    post('refresh', 'Refresh token'),
    post('query', 'Query Alipay'),
    // A business API called for the merchant with its token (trade-query-action.ts).
    post('trade-query', 'Call alipay.trade.query'),
  ]
}

/** The merchants page's own actions, about every merchant or none in particular. */
export function pageActions(): ConsoleAction[] {
  return [
    {
      name: 'authorize',
      label: 'Authorize a merchant',
      method: 'get',
      href: '/alipay/authorize',
      primary: true,
    },
    {
      name: 'authorize-qr',
      label: 'Authorize on a phone',
      method: 'get',
      href: '/alipay/authorize/qr',
    },
  ]
}

/** The buttons in a row that wraps (one per line on a phone); `id` names the area. */
export function actionsHtml(actions: ConsoleAction[], id: string): Html {
  const controls = actions.map((action) => {
    const kind = action.primary ? 'button primary' : 'button'
    return action.method === 'get'
      ? html`<a class="${kind}" href="${action.href}" data-action="${action.name}">${action.label}</a>`
      : html`<form method="post" action="${action.href}"><button type="submit" class="${kind}" name="${action.name}">${action.label}</button></form>`
  })
  return html`<div class="actions" id="${id}">${join(controls)}</div>`
}
