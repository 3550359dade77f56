const MEDIA_TYPES = {
  html: /(^|[\s,])text\/html([\s;,]|$)/,
  json: /(^|[\s,])application\/json([\s;,]|$)/,
}

/**
 * Where a request's Accept header (one value or several, read as one list) first names the
 * media type `type` whole, case-insensitively; -1 when it does not name it.
 */
function acceptIndex(
  accept: string | readonly string[] | undefined,
  type: keyof typeof MEDIA_TYPES,
): number {
  const header = (typeof accept === 'string' ? [accept] : (accept ?? [])).join(',').toLowerCase()
  return header.search(MEDIA_TYPES[type])
}

/** Whether a request's Accept header asks for HTML, as a browser's navigation does. */
export function acceptsHtml(accept: string | readonly string[] | undefined): boolean {
  return acceptIndex(accept, 'html') >= 0
}

/** Whether an Accept header asks for JSON ahead of HTML (a script's `fetch`, not a navigation). */
export function prefersJson(accept: string | readonly string[] | undefined): boolean {
  const json = acceptIndex(accept, 'json')
  const html = acceptIndex(accept, 'html')
  return json >= 0 && (html < 0 || json < html)
}
