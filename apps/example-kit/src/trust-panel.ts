import type { LearnedCertificate } from './auth-metrics.js'
import { type Html, html, join } from './html.js'
import { timeHtml } from './readable-time.js'
import type { TrustMode } from './trust-mode.js'

/** One line for the home page: which mode the app runs in. */
export function trustModeLine(trust: TrustMode): Html {
  return trust.mode === 'public-key'
    ? html`<p id="trust-mode" data-mode="public-key">Public-key mode: Alipay’s answers are checked with <code>ALIPAY_PUBLIC_KEY</code>.</p>`
    : html`<p id="trust-mode" data-mode="certificate">Certificate mode (公钥证书): every call carries the app certificate <code>${trust.appCertSn}</code>; Alipay’s answers are checked with its certificate.</p>`
}

/**
 * The merchants page's account of the mode. In certificate mode: the SNs of the configured
 * certificates and each certificate Alipay rotated to since the app started (the AppAuth event
 * `alipayCertificateLearned`), which core downloaded and checked against the root.
 */
export function trustPanel(trust: TrustMode, learned: LearnedCertificate[]): Html {
  if (trust.mode === 'public-key') return trustModeLine(trust)
  const configured = trust.alipayCertSns.map(
    (sn) => html`<li data-alipay-cert-sn="${sn}"><code>${sn}</code>, from ALIPAY_PUBLIC_CERT</li>`,
  )
  const rotated = learned.map(
    ({ sn, at }) =>
      html`<li data-alipay-cert-sn="${sn}" class="rotated"><code>${sn}</code>: Alipay rotated to it; downloaded at ${timeHtml(at)} and checked against the root certificate</li>`,
  )
  return html`${trustModeLine(trust)}
<table id="certificates">
<tr><th>app certificate (app_cert_sn)</th><td><code>${trust.appCertSn}</code></td></tr>
<tr><th>Alipay root (alipay_root_cert_sn)</th><td><code class="root-sn">${trust.alipayRootCertSn}</code></td></tr>
<tr><th>Alipay’s certificates</th><td><ul id="alipay-certificates">
${join([...configured, ...rotated])}
</ul></td></tr>
</table>`
}
