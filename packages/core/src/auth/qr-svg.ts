import { escapeHtml } from '../adapter/html.js'

/** Module units per side of the quiet zone a scanner needs around the code (ISO/IEC 18004). */
const QUIET_ZONE = 4

/**
 * `text` as a QR code in SVG, scalable (a `viewBox`, no fixed size) with a title for screen
 * readers. Error correction M (15 %) copes with a photographed screen. The QR library is imported
 * here, on first use, so an app that never shows a QR code never loads it.
 */
export async function qrSvg(text: string, title = 'QR code'): Promise<string> {
  const { default: qrcode } = await import('qrcode-generator')
  const code = qrcode(0, 'M')
  code.addData(text, 'Byte')
  code.make()
  const svg = code.createSvgTag({ cellSize: 1, margin: QUIET_ZONE, scalable: true })
  return svg.replace(
    /^<svg /,
    `<svg role="img" aria-label="${escapeHtml(title)}" shape-rendering="crispEdges" `,
  )
}
