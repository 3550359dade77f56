import { parsePublicKey, toPem } from '@alipay-isv/core'
import { MockCertificateAuthority } from './certificate-authority.js'
import type { AlipayKeyPair, MockAlipayOptions, PersistedState } from './engine/contract.js'
import { MockAlipayEngine } from './engine/engine.js'
import type { KeyCache } from './key-cache.js'
import { loadDataDir, saveCertificateAuthority } from './persistence.js'
import { generateRsaKeyPair } from './rsa-key-pair.js'

export interface PreparedEngine {
  engine: MockAlipayEngine
  certificateAuthority: MockCertificateAuthority
  /** SPKI PEM of the key the engine signs with. */
  alipayPublicKey: string
  /** True when the state came from the data dir: no key was generated. */
  restored: boolean
}

export interface KeySources {
  /** Keys, CA and state kept here and reloaded: a self-contained emulator. */
  dataDir?: string
  /** Without a data dir: where generated keys are kept so later starts generate none. */
  keyCache?: KeyCache
}

/**
 * Builds the engine and its certificate authority. From a data dir that holds them, or from the
 * key cache, nothing is generated (fast start); otherwise keys are generated off the main thread
 * and saved at once, to the data dir or the cache, so the next start reuses them.
 */
export async function prepareEngine(
  options: MockAlipayOptions,
  { dataDir, keyCache }: KeySources,
): Promise<PreparedEngine> {
  const persisted = dataDir === undefined ? {} : await loadDataDir(dataDir)
  // A data dir's keys win: the state in it (apps' certificates, tokens) belongs to them.
  const alipayKeys =
    keysOf(persisted.state) ??
    options.alipayKeys ??
    seedKeys(options) ??
    (await (keyCache?.alipayKeys() ?? generateRsaKeyPair()))
  const saved = persisted.certificateAuthority
    ? MockCertificateAuthority.restore(persisted.certificateAuthority)
    : undefined
  // A CA saved for other Alipay keys (state.json replaced, or alipayKeys passed) is re-created.
  const certificateAuthority = saved?.certifies(alipayKeys.publicKey)
    ? saved
    : await (keyCache?.certificateAuthority(alipayKeys.publicKey) ??
        MockCertificateAuthority.create({ alipayPublicKey: alipayKeys.publicKey }))
  if (dataDir !== undefined && certificateAuthority !== saved) {
    await saveCertificateAuthority(dataDir, certificateAuthority.toJSON())
  }
  const engineOptions: MockAlipayOptions = { ...options, alipayKeys, certificateAuthority }
  const engine = persisted.state
    ? MockAlipayEngine.restore(persisted.state, engineOptions)
    : new MockAlipayEngine(engineOptions)
  return {
    engine,
    certificateAuthority,
    alipayPublicKey: toPem(parsePublicKey(alipayKeys.publicKey, 'alipayKeys.publicKey')),
    restored: persisted.state !== undefined,
  }
}

function keysOf(state: PersistedState | undefined): AlipayKeyPair | undefined {
  if (!state) return undefined
  return { privateKey: state.alipay_keys.private_key, publicKey: state.alipay_keys.public_key }
}

function seedKeys(options: MockAlipayOptions): AlipayKeyPair | undefined {
  const seeded = options.seed?.alipay_keys
  return seeded && { privateKey: seeded.private_key, publicKey: seeded.public_key }
}
