import { readFile } from 'node:fs/promises'
import { AlipayConfigError } from '@alipay-isv/core'
import type { SeedFile } from './engine/contract.js'

/** Reads `--seed`; the engine validates its members and names the wrong field. */
export async function readSeedFile(path: string): Promise<SeedFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new AlipayConfigError(
      `Cannot read the seed file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check the path passed to --seed.`,
    )
  }
  let seed: unknown
  try {
    seed = JSON.parse(text)
  } catch (error) {
    throw new AlipayConfigError(
      `The seed file ${path} is not valid JSON: ${(error as Error).message}. See the README for its format.`,
    )
  }
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) {
    throw new AlipayConfigError(
      `The seed file ${path} must hold a JSON object with "apps", "merchants" and/or "alipay_keys". See the README for its format.`,
    )
  }
  return seed as SeedFile
}
