// jsqr is CommonJS: its decoder is the module's `default`.
import jsqr from 'jsqr'
import { describe, expect, it } from 'vitest'
import { qrSvg } from '../../src/auth/qr-svg.js'

/**
 * Paints the SVG's dark modules (the library draws each as a `M x,y` unit square) onto white
 * pixels, `scale` pixels a module, and reads it back with an independent QR decoder.
 */
function decode(svg: string, scale = 4): string | undefined {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1])
  const side = size * scale
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255)
  for (const [, x, y] of svg.matchAll(/M(\d+),(\d+)l/g)) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const offset = ((Number(y) * scale + dy) * side + Number(x) * scale + dx) * 4
        pixels.fill(0, offset, offset + 3)
      }
    }
  }
  return jsqr.default(pixels, side, side)?.data
}

describe('qrSvg', () => {
  it('encodes the text so that a QR reader gets it back, scalable and labelled', async () => {
    const url = 'https://isv.example/alipay/authorize/qr/AbCdEfGhIjKlMnOpQrStUvWxYz012345'
    const svg = await qrSvg(url, 'Authorize on your phone')
    expect(decode(svg)).toBe(url)
    expect(svg).toMatch(/^<svg role="img" aria-label="Authorize on your phone" /)
    expect(svg).not.toMatch(/<svg[^>]* (width|height)=/)
  })

  it('keeps a quiet zone of four modules around the code', async () => {
    const svg = await qrSvg('https://isv.example/x')
    const corners = [...svg.matchAll(/M(\d+),(\d+)l/g)].map(([, x, y]) =>
      Math.min(+(x ?? 0), +(y ?? 0)),
    )
    expect(Math.min(...corners)).toBe(4)
  })

  it('escapes the label', async () => {
    expect(await qrSvg('x', '"><script>')).toContain('aria-label="&quot;&gt;&lt;script&gt;"')
  })
})
