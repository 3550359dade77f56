import type { AdminContext } from './admin-context.js'
import { optionalString } from './admin-input.js'
import type { Stub } from './contract.js'
import { FieldError } from './field-error.js'

/** `DELETE /__admin/stubs`: every stub, or with `{id}` the one `POST /__admin/stubs` answered. */
export function deleteStubs(ctx: AdminContext, body: Record<string, unknown>): { stubs: Stub[] } {
  const id = optionalString(body, 'id')
  if (id === undefined) ctx.state.stubs.clear()
  else if (!ctx.state.stubs.remove(id))
    throw new FieldError('id', `No stub has id ${id}; GET /__admin/stubs lists them.`, 404)
  return { stubs: ctx.state.stubs.list() }
}
