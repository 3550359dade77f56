import { AlipayConfigError } from '@alipay-isv/core'
import type { AppRegistration, MerchantRecord, SeedFile } from './contract.js'
import { FieldError } from './field-error.js'
import { DEMO_MERCHANTS, validateMerchant } from './merchants.js'
import { parseStub } from './stub-input.js'
import type { StubTable } from './stubs.js'

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

/**
 * A seed file's (or a restored snapshot's) stubs, oldest first, keeping any `id` they carry.
 */
export function seedStubs(seed: SeedFile | undefined, stubs: StubTable): void {
  seed?.stubs?.forEach((input, index) => {
    // Not an object: parsed as an empty one, so the error names what a stub needs.
    const fields =
      typeof input === 'object' && input !== null
        ? (input as unknown as Record<string, unknown>)
        : {}
    const { id } = fields as { id?: unknown }
    asConfigError(
      () => stubs.add({ ...parseStub(fields), id: typeof id === 'string' ? id : undefined }),
      `seed.stubs[${index}].`,
    )
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
