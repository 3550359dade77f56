import { generateKeyPair } from 'node:crypto'
import { promisify } from 'node:util'
import { parsePublicKey, toPem } from '@alipay-isv/core'
import { MockCertificateAuthority } from './certificate-authority.js'
import type { AlipayKeyPair, MockAlipayOptions, PersistedState } from './engine/contract.js'
import { MockAlipayEngine } from './engine/engine.js'
import { loadDataDir, saveCertificateAuthority } from './persistence.js'

const generateRsaKeyPair = promisify(generateKeyPair)

export interface PreparedEngine {
  engine: MockAlipayEngine
  certificateAuthority: MockCertificateAuthority
  /** SPKI PEM of the key the engine signs with. */
  alipayPublicKey: string
  /** True when the state came from the data dir: no key was generated. */
  restored: boolean
}

/**
 * Builds the engine and its certificate authority. From a data dir that holds them, nothing is
 * generated (fast start); otherwise keys are generated off the main thread and, with a data
 * dir, saved at once so the next start reuses them.
 */
export async function prepareEngine(
  options: MockAlipayOptions,
  dataDir: string | undefined,
): Promise<PreparedEngine> {
  const persisted = dataDir === undefined ? {} : await loadDataDir(dataDir)
  // A data dir's keys win: the state in it (apps' certificates, tokens) belongs to them.
  const alipayKeys = keysOf(persisted.state) ?? options.alipayKeys ?? (await seedOrNewKeys(options))
  const saved = persisted.certificateAuthority
    ? MockCertificateAuthority.restore(persisted.certificateAuthority)
    : undefined
  // A CA saved for other Alipay keys (state.json replaced, or alipayKeys passed) is re-created.
  const certificateAuthority = saved?.certifies(alipayKeys.publicKey)
    ? saved
    : await MockCertificateAuthority.create({ alipayPublicKey: alipayKeys.publicKey })
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

async function seedOrNewKeys(options: MockAlipayOptions): Promise<AlipayKeyPair> {
  const seeded = options.seed?.alipay_keys
  if (seeded) return { privateKey: seeded.private_key, publicKey: seeded.public_key }
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 })
  return { privateKey: toPem(privateKey), publicKey: toPem(publicKey) }
}
