import { X509Certificate } from 'node:crypto'
import { certificateSn, splitPemBundle } from './certs.js'

/** Root → intermediate → leaf is what Alipay issues; a few more links are tolerated, loops are not. */
const MAX_CHAIN_LENGTH = 5

export interface ChainCheck {
  /** The PEM text received (e.g. a downloaded `alipay_cert_content`): the leaf and maybe its intermediates. */
  candidate: string
  /** The SN the leaf must have (docs/protocol.md §5): the one the response named. */
  sn: string
  /** Trust anchors: the configured `alipayRootCert` bundle. */
  roots: readonly X509Certificate[]
  /** Intermediates known beforehand (e.g. those in the configured `alipayPublicCert`). */
  intermediates?: readonly X509Certificate[]
  /** Epoch ms: the injected clock, not the wall clock. */
  now: number
}

export type ChainOutcome = { ok: true; leaf: X509Certificate } | { ok: false; reason: string }

/**
 * Whether `candidate` holds a certificate with SN `sn` that chains to one of `roots`, each link
 * signed by a CA certificate of the next and valid at `now`. Like the official Java SDK's trust
 * check (`AntCertificationUtil.isTrusted`), intermediates may come with the certificate; only the
 * roots are trusted as given.
 */
export function verifyCertificateChain(check: ChainCheck): ChainOutcome {
  let received: X509Certificate[]
  try {
    received = splitPemBundle(check.candidate).map((pem) => new X509Certificate(pem))
  } catch {
    return { ok: false, reason: 'it is not a PEM certificate' }
  }
  const leaf = received.find((certificate) => certificateSn(certificate) === check.sn)
  if (!leaf) {
    const got = received.map((certificate) => certificateSn(certificate)).join(', ')
    return { ok: false, reason: `it holds certificate ${got}, not ${check.sn}` }
  }
  const pool = [...received.filter((c) => c !== leaf), ...(check.intermediates ?? [])]
  let current = leaf
  for (let length = 1; length <= MAX_CHAIN_LENGTH; length++) {
    const expired = validityProblem(current, check.now)
    if (expired) return { ok: false, reason: expired }
    if (check.roots.some((root) => isIssuedBy(current, root))) return { ok: true, leaf }
    const issuer = pool.find((candidate) => candidate !== current && isIssuedBy(current, candidate))
    if (!issuer) {
      return {
        ok: false,
        reason: `it does not chain to the configured Alipay root certificates (no trusted issuer for "${oneLine(current.issuer)}")`,
      }
    }
    current = issuer
  }
  return { ok: false, reason: `its chain is longer than ${MAX_CHAIN_LENGTH} certificates` }
}

/** Names match (`checkIssued`), the issuer is a CA, and its key verifies the signature. */
function isIssuedBy(subject: X509Certificate, issuer: X509Certificate): boolean {
  return issuer.ca && subject.checkIssued(issuer) && subject.verify(issuer.publicKey)
}

function validityProblem(certificate: X509Certificate, now: number): string | undefined {
  const from = Date.parse(certificate.validFrom)
  const to = Date.parse(certificate.validTo)
  const name = `"${oneLine(certificate.subject)}"`
  if (now < from) return `${name} is not valid before ${new Date(from).toISOString()}`
  if (now > to) return `${name} expired on ${new Date(to).toISOString()}`
  return undefined
}

function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').join(', ')
}
