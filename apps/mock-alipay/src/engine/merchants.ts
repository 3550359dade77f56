import type { MerchantRecord } from './contract.js'
import { FieldError } from './field-error.js'

/** Shown on the consent page when the seed names no merchants. */
export const DEMO_MERCHANTS: readonly MerchantRecord[] = [
  { user_id: '2088101122334455', name: 'Demo Merchant', auth_app_ids: ['2021004100000001'] },
  {
    user_id: '2088102233445566',
    name: 'Demo Chain Store (two apps)',
    auth_app_ids: ['2021004100000002', '2021004100000003'],
  },
]

export function validateMerchant(input: unknown, field = 'merchant'): MerchantRecord {
  if (typeof input !== 'object' || input === null)
    throw new FieldError(field, `${field} must be an object {user_id, name, auth_app_ids}.`)
  const { user_id: userId, name, auth_app_ids: authAppIds } = input as Record<string, unknown>
  if (typeof userId !== 'string' || !/^2088\d{12}$/.test(userId)) {
    throw new FieldError(
      `${field}.user_id`,
      `${field}.user_id must be a 16-digit Alipay user id starting with 2088.`,
    )
  }
  if (
    !Array.isArray(authAppIds) ||
    authAppIds.length === 0 ||
    !authAppIds.every((id) => typeof id === 'string' && id !== '')
  ) {
    throw new FieldError(
      `${field}.auth_app_ids`,
      `${field}.auth_app_ids must be a non-empty array of app ids.`,
    )
  }
  return {
    user_id: userId,
    name: typeof name === 'string' && name !== '' ? name : `Merchant ${userId}`,
    auth_app_ids: authAppIds as string[],
  }
}
