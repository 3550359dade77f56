/**
 * Just enough DER (X.690) to read what Node's X509Certificate does not expose: the OID of a
 * certificate's signature algorithm. Definite lengths only, as DER requires.
 */

const SEQUENCE = 0x30
const OBJECT_IDENTIFIER = 0x06

interface Element {
  tag: number
  /** Where the contents start and end in the buffer. */
  start: number
  end: number
}

/** `Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }` (RFC 5280). */
export function signatureAlgorithmOid(der: Uint8Array): string {
  const certificate = expectTag(readElement(der, 0, der.length), SEQUENCE, 'Certificate')
  const tbsCertificate = readElement(der, certificate.start, certificate.end)
  const algorithm = expectTag(
    readElement(der, tbsCertificate.end, certificate.end),
    SEQUENCE,
    'signatureAlgorithm',
  )
  const oid = expectTag(readElement(der, algorithm.start, algorithm.end), OBJECT_IDENTIFIER, 'OID')
  return decodeOid(der.subarray(oid.start, oid.end))
}

function readElement(der: Uint8Array, offset: number, limit: number): Element {
  if (offset + 2 > limit) throw new RangeError('DER element truncated')
  const tag = der[offset] as number
  const first = der[offset + 1] as number
  let start = offset + 2
  let length = first
  if (first & 0x80) {
    const lengthBytes = first & 0x7f
    // 0x80 is BER's indefinite length; more than 4 bytes would exceed any buffer.
    if (lengthBytes === 0 || lengthBytes > 4 || start + lengthBytes > limit) {
      throw new RangeError('DER length not definite or truncated')
    }
    length = 0
    for (let index = 0; index < lengthBytes; index++) {
      length = length * 256 + (der[start + index] as number)
    }
    start += lengthBytes
  }
  const end = start + length
  if (end > limit) throw new RangeError('DER element longer than its container')
  return { tag, start, end }
}

function expectTag(element: Element, tag: number, what: string): Element {
  if (element.tag !== tag) throw new RangeError(`DER ${what}: unexpected tag ${element.tag}`)
  return element
}

/** X.690 §8.19: the first byte holds two arcs (40·X + Y), the rest are base-128 with continuation bits. */
function decodeOid(bytes: Uint8Array): string {
  if (bytes.length === 0 || ((bytes.at(-1) as number) & 0x80) !== 0) {
    throw new RangeError('DER OID empty or truncated')
  }
  const arcs: bigint[] = []
  let value = 0n
  for (const byte of bytes) {
    value = (value << 7n) | BigInt(byte & 0x7f)
    if ((byte & 0x80) === 0) {
      arcs.push(value)
      value = 0n
    }
  }
  const [head = 0n, ...rest] = arcs
  const first = head < 80n ? head / 40n : 2n
  return [first, head - first * 40n, ...rest].join('.')
}
