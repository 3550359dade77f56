import { readFile } from 'node:fs/promises'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'

/**
 * `publint --strict` over the tarball itself (not the folder), so it judges exactly the files
 * that would be published. Returns one readable line per message, suggestions included.
 */
export async function publintMessages(tarball: string): Promise<string[]> {
  const data = await readFile(tarball)
  const arrayBuffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)
  const { messages, pkg } = await publint({
    pack: { tarball: arrayBuffer as ArrayBuffer },
    strict: true,
    level: 'suggestion',
  })
  return messages.map(
    (message) =>
      `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`,
  )
}
