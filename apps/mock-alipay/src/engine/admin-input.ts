import { FAULT_KINDS, type FaultKind, type FaultSpec } from './faults.js'
import { FieldError } from './field-error.js'
import { readBody } from './http.js'

/** An admin request body: a JSON object, or a FieldError naming what is wrong. */
export async function readJsonObject(
  request: Request,
  maxBodyBytes: number,
): Promise<Record<string, unknown>> {
  const read = await readBody(request, maxBodyBytes)
  if (!read.ok) throw new FieldError('body', `${read.detail}.`, 413)
  if (read.body.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(read.body)
  } catch {
    throw new FieldError(
      'body',
      'The body is not valid JSON. Send a JSON object with content-type application/json.',
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FieldError('body', 'The body must be a JSON object.')
  }
  return value as Record<string, unknown>
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value === '')
    throw new FieldError(field, `${field} must be a non-empty string.`)
  return value
}

export function optionalNumber(
  body: Record<string, unknown>,
  field: string,
  min: number,
  max: number,
): number | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new FieldError(field, `${field} must be a number from ${min} to ${max}.`)
  }
  return value
}

function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field]
  if (value === undefined || typeof value === 'boolean') return value
  throw new FieldError(field, `${field} must be true or false.`)
}

/** `POST /__admin/faults` body. */
export function parseFault(body: Record<string, unknown>): FaultSpec {
  const kind = body.kind
  if (typeof kind !== 'string' || !FAULT_KINDS.includes(kind as FaultKind)) {
    throw new FieldError('kind', `kind must be one of ${FAULT_KINDS.join(', ')}.`)
  }
  const spec: FaultSpec = {
    kind: kind as FaultKind,
    method: optionalString(body, 'method'),
    path: optionalString(body, 'path'),
    latency_ms: optionalNumber(body, 'latency_ms', 0, 60_000),
    after_handling: optionalBoolean(body, 'after_handling'),
    status: optionalNumber(body, 'status', 400, 599),
    sub_code: optionalString(body, 'sub_code'),
    times: optionalNumber(body, 'times', 1, 1_000_000),
    probability: optionalNumber(body, 'probability', 0, 1),
    seed: optionalNumber(body, 'seed', 0, 2 ** 32 - 1),
  }
  if (spec.kind === 'latency' && spec.latency_ms === undefined)
    throw new FieldError('latency_ms', 'A latency fault needs latency_ms.')
  if (spec.kind === 'business_error' && spec.sub_code === undefined)
    throw new FieldError(
      'sub_code',
      'A business_error fault needs sub_code, e.g. isv.code-invalid.',
    )
  return Object.fromEntries(
    Object.entries(spec).filter(([, value]) => value !== undefined),
  ) as FaultSpec
}
