import { readFileSync } from 'node:fs'
import { AlipayConfigError } from '@alipay-isv/core'

export type Env = Record<string, string | undefined>

/** A variable's value, or undefined when it is unset or blank. */
export function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

export function required(env: Env, name: string, hint: string): string {
  const value = optional(env, name)
  if (value === undefined) throw new AlipayConfigError(`${name} is not set: ${hint}`)
  return value
}

/**
 * A key given either inline (`NAME`) or as a file (`NAME_FILE`), exactly one of the two.
 * Returns the text and the variable it came from, so a parse error can name it.
 */
export function keyText(env: Env, name: string, hint: string): { text: string; from: string } {
  const fileName = `${name}_FILE`
  const inline = optional(env, name)
  const file = optional(env, fileName)
  if (inline !== undefined && file !== undefined) {
    throw new AlipayConfigError(`Both ${name} and ${fileName} are set: keep one of them.`)
  }
  if (inline !== undefined) return { text: inline.replaceAll('\\n', '\n'), from: name }
  if (file === undefined) {
    throw new AlipayConfigError(`Neither ${name} nor ${fileName} is set: ${hint}`)
  }
  try {
    return { text: readFileSync(file, 'utf8'), from: fileName }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new AlipayConfigError(`${fileName}=${file} cannot be read (${code}).`)
  }
}

export function httpUrlVar(env: Env, name: string, mustEndWith?: string): string | undefined {
  const value = optional(env, name)
  if (value === undefined) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new AlipayConfigError(`${name} must be an http(s) URL; got "${value}".`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AlipayConfigError(`${name} must be an http(s) URL; got "${value}".`)
  }
  if (mustEndWith !== undefined && !url.pathname.endsWith(mustEndWith)) {
    throw new AlipayConfigError(
      `${name} must be the v2 gateway URL, ending in ${mustEndWith} (e.g. http://127.0.0.1:9300${mustEndWith}); got "${value}".`,
    )
  }
  return value
}

export function integerVar(
  env: Env,
  name: string,
  fallback: number,
  range: { min: number; max: number },
): number {
  const value = optional(env, name)
  if (value === undefined) return fallback
  const number = Number(value)
  if (!/^\d+$/.test(value) || number < range.min || number > range.max) {
    throw new AlipayConfigError(
      `${name} must be a whole number from ${range.min} to ${range.max}; got "${value}".`,
    )
  }
  return number
}

const SWITCH_VALUES: Record<string, boolean> = {
  on: true,
  true: true,
  '1': true,
  yes: true,
  off: false,
  false: false,
  '0': false,
  no: false,
}

/** `on`/`off` (or `true`/`false`, `1`/`0`, `yes`/`no`); `fallback` when unset. */
export function switchVar(env: Env, name: string, fallback: boolean): boolean {
  const value = optional(env, name)
  if (value === undefined) return fallback
  const on = SWITCH_VALUES[value.toLowerCase()]
  if (on === undefined) throw new AlipayConfigError(`${name} must be on or off; got "${value}".`)
  return on
}
