import { AlipayConfigError } from '@alipay-isv/core'
import type { AppRegistration, MerchantRecord, SeedFile } from './contract.js'
import { FieldError } from './field-error.js'
import { DEMO_MERCHANTS, validateMerchant } from './merchants.js'

/** Validates a seed file's merchants; any problem names its place in the file. */
export function seedMerchants(seed: SeedFile | undefined): MerchantRecord[] {
  if (!seed?.merchants?.length) return DEMO_MERCHANTS.map((merchant) => ({ ...merchant }))
  return seed.merchants.map((merchant, index) =>
    asConfigError(() => validateMerchant(merchant, `seed.merchants[${index}]`)),
  )
}

export function seedApps(
  seed: SeedFile | undefined,
  register: (app: AppRegistration) => void,
): void {
  seed?.apps?.forEach((app, index) => {
    asConfigError(() => register(app), `seed.apps[${index}].`)
  })
}

function asConfigError<T>(run: () => T, prefix = ''): T {
  try {
    return run()
  } catch (error) {
    if (error instanceof FieldError)
      throw new AlipayConfigError(
        `The seed file is invalid at ${prefix}${error.field}: ${error.message}`,
      )
    throw error
  }
}
