import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AlipayConfigError } from '@alipay-isv/core'
import type { CertificateAuthorityState } from './certificate-authority.js'
import type { PersistedState } from './engine/contract.js'

/**
 * `--data-dir` layout. The engine's snapshot (Alipay keys, apps, merchants, codes, tokens, clock)
 * and the CA's keys and certificates are kept apart so either can be inspected or deleted alone.
 */
const STATE_FILE = 'state.json'
const CERTIFICATE_AUTHORITY_FILE = 'certificate-authority.json'

export interface PersistedFiles {
  state?: PersistedState
  certificateAuthority?: CertificateAuthorityState
}

export async function loadDataDir(dataDir: string): Promise<PersistedFiles> {
  return {
    state: await readJson<PersistedState>(join(dataDir, STATE_FILE)),
    certificateAuthority: await readJson<CertificateAuthorityState>(
      join(dataDir, CERTIFICATE_AUTHORITY_FILE),
    ),
  }
}

export async function saveState(dataDir: string, state: PersistedState): Promise<void> {
  await writeJsonAtomically(join(dataDir, STATE_FILE), state)
}

export async function saveCertificateAuthority(
  dataDir: string,
  state: CertificateAuthorityState,
): Promise<void> {
  await writeJsonAtomically(join(dataDir, CERTIFICATE_AUTHORITY_FILE), state)
}

async function readJson<T>(path: string): Promise<T | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    return JSON.parse(text) as T
  } catch {
    throw new AlipayConfigError(
      `${path} is not valid JSON (damaged by an interrupted write or an edit?). Fix it, or delete it to start that part afresh.`,
    )
  }
}

export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  await writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`)
}

/**
 * Write to a temporary file (mode 0600: it may hold keys) then rename: a crash mid-write never
 * leaves a half-written file, and two processes writing at once leave one whole file.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, text, { mode: 0o600 })
  await rename(temporary, path)
}
