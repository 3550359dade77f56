import type { AppAuth } from '@alipay-isv/core'
import { type ActionResult, alipayErrorResult } from './error-page.js'
import { type Html, html } from './html.js'

/**
 * The merchants page's Re-encrypt tokens button (README "Rotating the token key"): every record
 * rewritten under the first of `ALIPAY_TOKEN_KEYS`, and what happened, counted.
 */
export async function reencryptAction(
  appAuth: AppAuth,
  development = false,
): Promise<ActionResult> {
  try {
    const { reencrypted, unchanged, failed } = await appAuth.reencryptTokens()
    const failures =
      failed === 0
        ? html``
        : html` <strong>${failed} could not be</strong>: their key is not in <code>ALIPAY_TOKEN_KEYS</code>, or the store refused the write; they are left as they were, and Query on one of them says why.`
    return {
      status: 200,
      panel: html`<div class="panel ${failed === 0 ? 'ok' : 'error'}" id="result" data-action="reencrypt"><p>Re-encrypted ${reencrypted} merchant records under the first key; ${unchanged} already were.${failures}</p></div>`,
    }
  } catch (error) {
    return alipayErrorResult(error, development)
  }
}

/** The button, or what setting `ALIPAY_TOKEN_KEYS` would do, in a card under the merchants. */
export function tokenKeysPanel(keyIds: readonly string[] | undefined): Html {
  const [current, ...older] = keyIds ?? []
  if (current === undefined) {
    return html`<section class="card" id="token-keys"><p>Tokens are stored unencrypted: set <code>ALIPAY_TOKEN_KEYS</code> to encrypt them (see the README).</p></section>`
  }
  return html`<section class="card"><form id="token-keys" method="post" action="/merchants/reencrypt"><p>Tokens are encrypted under key <code>${current}</code>${older.length > 0 ? html` (also read: <code>${older.join(', ')}</code>)` : html``}.
<button type="submit" name="reencrypt">Re-encrypt tokens</button> rewrites every record under <code>${current}</code>, e.g. before dropping an older key.</p></form></section>`
}
