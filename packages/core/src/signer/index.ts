/**
 * `@alipay-isv/core/signer`: the signing primitives of docs/protocol.md, as pure functions over
 * `KeyObject`s: v2 request and response signatures, v3 authorization headers, notifications, AES
 * and certificate SNs. For emulators, gateways and tests; an ISV's app needs none of them.
 */
export {
  aesDecrypt,
  aesEncrypt,
} from './aes.js'
export {
  type CertificateInput,
  certificateSn,
  publicKeyFromCertificate,
  rootCertificateSn,
  splitPemBundle,
} from './certs.js'
export {
  type NotifyParams,
  type NotifyVerification,
  notifySignContent,
  parseNotifyBody,
  signNotify,
  verifyNotify,
} from './notify.js'
export {
  isSignType,
  type SignType,
  signContent,
  verifyContent,
} from './rsa.js'
export {
  formatChinaTime,
  parseChinaTime,
} from './timestamp.js'
export {
  type SignableParams,
  type SignableValue,
  signV2Params,
  v2SignContent,
  verifyV2Params,
} from './v2-request.js'
export {
  buildV2ResponseBody,
  type OpenedV2Response,
  type OpenV2ResponseOptions,
  openV2Response,
  v2ResponseNodeName,
} from './v2-response.js'
export {
  type ParsedV3Authorization,
  parseV3Authorization,
  type SignedV3Request,
  signV3Request,
  signV3Response,
  V3_AUTH_SCHEME,
  type V3AuthFields,
  type V3RequestToSign,
  type V3ResponseToVerify,
  v3AuthString,
  v3ResponseSignContent,
  v3SignContent,
  verifyV3Request,
  verifyV3Response,
} from './v3.js'
