import { AlipayError } from '@alipay-isv/core'

/** A bad admin or seed input; the admin API answers 400 `{error: {field, message}}`. */
export class FieldError extends AlipayError {
  override name = 'FieldError'

  constructor(
    readonly field: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}
