import { AppAuth } from '../auth/app-auth.js'
import type { AppAuthOptions } from '../auth/options.js'
import { AlipayConfigError } from '../errors.js'
import { adapterOptionError } from './option-error.js'

/**
 * The caller's `appAuth`, or one built from the options left once `adapterOnly` are taken out
 * (AppAuth checks those itself). `ownsAppAuth`: the adapter built it, so it closes it.
 */
export function adapterAppAuth(
  adapter: string,
  options: Record<string, unknown>,
  adapterOnly: readonly string[],
): { appAuth: AppAuth; ownsAppAuth: boolean } {
  const appAuthOptions = Object.fromEntries(
    Object.entries(options).filter(([key]) => key !== 'appAuth' && !adapterOnly.includes(key)),
  )
  const { appAuth } = options
  if (appAuth === undefined) {
    return { appAuth: new AppAuth(appAuthOptions as unknown as AppAuthOptions), ownsAppAuth: true }
  }
  if (!(appAuth instanceof AppAuth)) {
    throw adapterOptionError(
      adapter,
      'appAuth',
      'an AppAuth instance from @alipay-isv/core (or leave it out and pass the AppAuth options)',
      appAuth,
    )
  }
  if ('appId' in appAuthOptions) {
    throw new AlipayConfigError(
      `${adapter}: give either "appAuth" (an existing instance) or the AppAuth options ("appId", "privateKey", …), not both.`,
    )
  }
  return { appAuth, ownsAppAuth: false }
}
