const MEDIA_TYPES = {
  html: /(^|[\s,])text\/html([\s;,]|$)/,
  json: /(^|[\s,])application\/json([\s;,]|$)/,
}

/**
 * Where a request's Accept header (one value or several, read as one list) first names the
 * media type `type` whole, case-insensitively; -1 when it does not name it.
 */
export function acceptIndex(
  accept: string | readonly string[] | undefined,
  type: keyof typeof MEDIA_TYPES,
): number {
  const header = (typeof accept === 'string' ? [accept] : (accept ?? [])).join(',').toLowerCase()
  return header.search(MEDIA_TYPES[type])
}
