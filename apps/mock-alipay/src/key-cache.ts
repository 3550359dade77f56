import { createHash, createPrivateKey, createPublicKey } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { parsePublicKey, toPem } from '@alipay-isv/core'
import {
  type CertificateAuthorityState,
  MockCertificateAuthority,
} from './certificate-authority.js'
import type { AlipayKeyPair } from './engine/contract.js'
import { writeFileAtomically, writeJsonAtomically } from './persistence.js'
import { generateRsaKeyPair } from './rsa-key-pair.js'

/**
 * The keys a start without a data dir would otherwise generate every time — Alipay's key pair,
 * the mock CA for it, the demo app's key — generated on a machine's first start and read back on
 * every later one, so a start does no RSA key generation. Keys only: apps, codes and tokens still
 * start clean. The emulator's keys protect nothing, but they stay the user's own (directory 0700,
 * files 0600) and differ from machine to machine, so none is known to the world.
 *
 * A cache that cannot be read is regenerated; one that cannot be written costs a warning and a
 * slow start, never a failed one.
 */
export class KeyCache {
  #warned = false
  #generated = false

  constructor(readonly dir: string) {}

  /** `$XDG_CACHE_HOME/mock-alipay`, else `~/.cache/mock-alipay`. */
  static defaultDir(env: NodeJS.ProcessEnv = process.env): string {
    const base = env.XDG_CACHE_HOME
    return join(base && isAbsolute(base) ? base : join(homedir(), '.cache'), 'mock-alipay')
  }

  /** Whether this instance generated any key (none was cached, or the cache was damaged). */
  get generatedAny(): boolean {
    return this.#generated
  }

  /** Alipay's key pair: the one every start without a data dir signs with. */
  async alipayKeys(): Promise<AlipayKeyPair> {
    const privateKey = await this.#privateKey('alipay-private-key.pem')
    return { privateKey, publicKey: toPem(createPublicKey(createPrivateKey(privateKey))) }
  }

  /** The demo app's private key (PEM), which the CLI hands to the example apps. */
  demoAppPrivateKey(): Promise<string> {
    return this.#privateKey('demo-app-private-key.pem')
  }

  /** The mock CA certifying `alipayPublicKey`: one file per Alipay key, so each stays consistent. */
  async certificateAuthority(alipayPublicKey: string): Promise<MockCertificateAuthority> {
    const file = join(this.dir, `certificate-authority-${fingerprint(alipayPublicKey)}.json`)
    const cached = await this.#read(file)
    if (cached !== undefined) {
      try {
        const restored = MockCertificateAuthority.restore(
          JSON.parse(cached) as CertificateAuthorityState,
        )
        if (restored.certifies(alipayPublicKey)) return restored
      } catch {
        // Damaged: issue a new one below and overwrite it.
      }
    }
    const created = await MockCertificateAuthority.create({ alipayPublicKey })
    this.#generated = true
    await this.#write(() => writeJsonAtomically(file, created.toJSON()))
    return created
  }

  async #privateKey(name: string): Promise<string> {
    const file = join(this.dir, name)
    const cached = await this.#read(file)
    if (cached !== undefined && isPrivateKeyPem(cached)) return cached
    const { privateKey } = await generateRsaKeyPair()
    this.#generated = true
    await this.#write(() => writeFileAtomically(file, privateKey))
    return privateKey
  }

  async #read(file: string): Promise<string | undefined> {
    try {
      return await readFile(file, 'utf8')
    } catch {
      return undefined
    }
  }

  async #write(write: () => Promise<void>): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 })
      await write()
    } catch (error) {
      if (this.#warned) return
      this.#warned = true
      process.emitWarning(
        `mock-alipay could not keep its generated keys in ${this.dir} (${(error as NodeJS.ErrnoException).code ?? String(error)}), so the next start generates them again. Point XDG_CACHE_HOME at a writable directory, or pass --data-dir.`,
      )
    }
  }
}

/** The cache a `keyCacheDir` option names: none for `false`, the default directory when absent. */
export function openKeyCache(dir: string | false | undefined): KeyCache | undefined {
  if (dir === false) return undefined
  return new KeyCache(dir ?? KeyCache.defaultDir())
}

function isPrivateKeyPem(text: string): boolean {
  try {
    createPrivateKey(text)
    return true
  } catch {
    return false
  }
}

function fingerprint(publicKey: string): string {
  const der = parsePublicKey(publicKey, 'alipayPublicKey').export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(der).digest('hex').slice(0, 16)
}
