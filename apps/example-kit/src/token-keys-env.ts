import { readFileSync } from 'node:fs'
import { AlipayConfigError, type TokenKey } from '@alipay-isv/core'
import { type Env, optional } from './env-values.js'

const NAME = 'ALIPAY_TOKEN_KEYS'
const FILE_NAME = `${NAME}_FILE`
const HOW_TO_MAKE = 'Make a key with `openssl rand -base64 32`.'

/**
 * `ALIPAY_TOKEN_KEYS` (`id:base64,id:base64`, the first encrypting) or `ALIPAY_TOKEN_KEYS_FILE`
 * (a file holding the same, commas or newlines between keys): AppAuth's `tokenKeys`. Undefined
 * when neither is set. Errors name the variable and the key id, never a key.
 */
export function readTokenKeys(env: Env): TokenKey[] | undefined {
  const inline = optional(env, NAME)
  const file = optional(env, FILE_NAME)
  if (inline !== undefined && file !== undefined) {
    throw new AlipayConfigError(`Both ${NAME} and ${FILE_NAME} are set: keep one of them.`)
  }
  if (inline !== undefined) return parseTokenKeys(inline, NAME)
  if (file === undefined) return undefined
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new AlipayConfigError(`${FILE_NAME}=${file} cannot be read (${code}).`)
  }
  return parseTokenKeys(text, FILE_NAME)
}

function parseTokenKeys(text: string, from: string): TokenKey[] {
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  if (entries.length === 0) {
    throw new AlipayConfigError(
      `${from} holds no key: write id:base64, e.g. 2026-01:… ${HOW_TO_MAKE}`,
    )
  }
  return entries.map((entry, index) => {
    const colon = entry.indexOf(':')
    if (colon <= 0 || colon === entry.length - 1) {
      throw new AlipayConfigError(
        `${from}: entry ${index + 1} is not id:base64 (e.g. 2026-01:…, the first key encrypting). ${HOW_TO_MAKE}`,
      )
    }
    return { id: entry.slice(0, colon), key: entry.slice(colon + 1) }
  })
}
