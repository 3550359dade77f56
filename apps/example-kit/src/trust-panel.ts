import type { LearnedCertificate } from './auth-metrics.js'
import { type Html, html, join } from './html.js'
import { timeHtml } from './readable-time.js'
import type { TrustMode } from './trust-mode.js'

/** One line for the home page: which mode the app runs in. */
export function trustModeLine(trust: TrustMode): Html {
  return trust.mode === 'public-key'
    ? html`<span id="trust-mode" data-mode="public-key">Public-key mode: Alipay’s answers are checked with <code>ALIPAY_PUBLIC_KEY</code>.</span>`
    : html`<span id="trust-mode" data-mode="certificate">Certificate mode (公钥证书): every call carries the app certificate <code>${trust.appCertSn}</code>; Alipay’s answers are checked with its certificate.</span>`
}

/**
 * The merchants page's account of the mode. In certificate mode: the SNs of the configured
 * certificates and each certificate Alipay rotated to since the app started (the AppAuth event
 * `alipayCertificateLearned`), which core downloaded and checked against the root.
 */
export function trustPanel(trust: TrustMode, learned: LearnedCertificate[]): Html {
  if (trust.mode === 'public-key') return html`<p>${trustModeLine(trust)}</p>`
  const configured = trust.alipayCertSns.map(
    (sn) => html`<li data-alipay-cert-sn="${sn}"><code>${sn}</code>, from ALIPAY_PUBLIC_CERT</li>`,
  )
  const rotated = learned.map(
    ({ sn, at }) =>
      html`<li data-alipay-cert-sn="${sn}" class="rotated"><code>${sn}</code>: Alipay rotated to it; downloaded at ${timeHtml(at)} and checked against the root certificate</li>`,
  )
  return html`<p>${trustModeLine(trust)}</p>
<dl class="fields" id="certificates">
<dt>App certificate (app_cert_sn)</dt><dd><code>${trust.appCertSn}</code></dd>
<dt>Alipay root (alipay_root_cert_sn)</dt><dd><code class="root-sn">${trust.alipayRootCertSn}</code></dd>
<dt>Alipay’s certificates</dt><dd><ul class="plain" id="alipay-certificates">
${join([...configured, ...rotated])}
</ul></dd>
</dl>`
}
