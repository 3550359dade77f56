import { describe, expect, it } from 'vitest'
import { banner } from '../src/banner.js'

const facts = {
  name: 'fastify',
  mode: 'public-key',
  dir: '/tmp/demo',
  exampleUrl: 'http://127.0.0.1:3000',
  alipayUrl: 'http://127.0.0.1:9300',
  invitation: 'http://127.0.0.1:9300/oauth2/appToAppAuth.htm?x=1',
  carriedOffset: 0,
}

describe('the demo banner', () => {
  it('suggests moving the clock a year, says what the page then shows, and how to put it back', () => {
    const text = banner(facts)
    expect(text).toContain(`-d '{"advance_seconds": 31536000}'`)
    expect(text).toContain('Alipay answers that the token timed out, the app refreshes it')
    expect(text).toContain(
      "curl -X DELETE http://127.0.0.1:9300/__admin/clock -H 'content-type: application/json'",
    )
    expect(text).not.toContain('NOTE')
  })

  it('says when the clock was left moved by an earlier run, by how much', () => {
    expect(banner({ ...facts, carriedOffset: 31_536_000 })).toContain(
      "NOTE: the emulator's clock is 365 days ahead, moved in an earlier run",
    )
  })

  it('without --lan says the QR code only works on this machine; with it, names the address', () => {
    expect(banner(facts)).toContain('which only this machine opens')
    expect(banner({ ...facts, lan: '192.168.1.20' })).toContain('listen on 192.168.1.20')
  })

  it('ends with the line that says it is ready', () => {
    expect(banner(facts).trimEnd().endsWith('Ctrl-C stops both.')).toBe(true)
  })
})
