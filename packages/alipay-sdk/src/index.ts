/**
 * `@alipay-isv/alipay-sdk`: the official `alipay-sdk` (v4) calling Alipay for a merchant
 * authorized through `@alipay-isv/core`.
 */
export {
  type CurlHttpMethod,
  forMerchant,
  type Idempotence,
  type MerchantAlipaySdk,
} from './for-merchant.js'
