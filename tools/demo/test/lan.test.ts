import { mkdtemp, rm } from 'node:fs/promises'
import type { NetworkInterfaceInfo } from 'node:os'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoNetwork, type InterfaceList } from '../src/lan-address.js'
import { readableLogLine } from '../src/readable-log-line.js'
import { type RunningDemo, startDemo } from '../src/start-demo.js'

/** An interface as `os.networkInterfaces()` lists it. */
function nic(address: string, family: 'IPv4' | 'IPv6', internal: boolean): NetworkInterfaceInfo {
  const common = { address, netmask: '255.0.0.0', mac: '00:00:00:00:00:00', internal, cidr: null }
  return family === 'IPv4' ? { ...common, family } : { ...common, family, scopeid: 0 }
}

/** A laptop on Wi-Fi: loopback first, an IPv6 link-local address before the IPv4 one. */
const onWifi: InterfaceList = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  wlan0: [nic('fe80::1', 'IPv6', false), nic('192.168.1.20', 'IPv4', false)],
}

describe('demoNetwork: where pnpm demo listens, and the host of the URLs it prints', () => {
  it('without --lan: loopback only, the URLs on 127.0.0.1', () => {
    expect(demoNetwork({ lan: false }, onWifi)).toEqual({ listen: '127.0.0.1' })
  })

  it('with --lan or HOST=0.0.0.0: every interface, the URLs on the first IPv4 network address', () => {
    const lan = { listen: '0.0.0.0', lan: '192.168.1.20' }
    expect(demoNetwork({ lan: true }, onWifi)).toEqual(lan)
    expect(demoNetwork({ lan: false, host: '0.0.0.0' }, onWifi)).toEqual(lan)
  })

  it('with --lan on a machine with loopback alone: refuses, saying why', () => {
    expect(() => demoNetwork({ lan: true }, { lo: onWifi.lo })).toThrow(
      '--lan: this machine has no network address besides loopback.',
    )
  })
})

/**
 * The demo as `--lan` runs it, with 127.0.0.2 standing in for the LAN address (on Linux all of
 * 127.0.0.0/8 is loopback), so nothing leaves this machine and its URLs differ from the 127.0.0.1
 * a demo without `--lan` prints. Both servers bind it as `::ffff:127.0.0.2` (the same address,
 * written the IPv6 way) instead of every interface: a URL built from where they listen rather
 * than from the LAN address would show.
 */
const LAN = '127.0.0.2'

describe('pnpm demo --lan: what a phone on the same network opens is on the LAN address', () => {
  let dir: string
  let demo: RunningDemo
  let bannerText: string
  const exampleLines: string[] = []
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-lan-'))
    demo = await startDemo({
      name: 'fastify',
      mode: 'public-key',
      store: 'file',
      network: { listen: `::ffff:${LAN}`, lan: LAN },
      dir,
      ports: { emulator: 0, example: 0 },
      onLine: (line) => {
        const shown = readableLogLine(line)
        if (shown !== undefined) exampleLines.push(shown)
      },
    })
    bannerText = await demo.banner()
  }, 60_000)
  afterAll(async () => {
    const code = await demo?.stop()
    await rm(dir, { recursive: true, force: true })
    if (demo) expect(code, `the example closes cleanly:\n${exampleLines.join('\n')}`).toBe(0)
  }, 30_000)

  it('the banner prints the app, the emulator and the invitation link on the LAN address, never 127.0.0.1', () => {
    expect(demo.exampleUrl).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/)
    expect(demo.alipay.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/)
    expect(bannerText).toContain(`Open ${demo.exampleUrl}/ and press`)
    expect(bannerText).toContain(`mock-alipay, ${demo.alipay.url})`)
    const invitation = /invitation link[^\n]*\n\s*(http\S+)/.exec(bannerText)?.[1] ?? ''
    expect(invitation.startsWith(`${demo.alipay.url}/oauth2/appToAppAuth.htm?`), invitation).toBe(
      true,
    )
    expect(bannerText).toContain(`listen on ${LAN} (anyone on this network`)
    expect(bannerText).not.toContain('127.0.0.1')
  })

  it('the invitation link opens the consent page, which sends the merchant back to the app on the LAN address', async () => {
    const invitation = /invitation link[^\n]*\n\s*(http\S+)/.exec(bannerText)?.[1] ?? ''
    const consent = await fetch(invitation)
    expect(consent.status).toBe(200)
    expect(await consent.text()).toContain(
      `After you authorize, your browser goes back to ${demo.exampleUrl}.`,
    )
  })

  it('a phone scanning the QR code gets a link on the LAN address, to the consent page there, and back to the app there', async () => {
    const desktopQr = await fetch(`${demo.exampleUrl}/alipay/authorize/qr`, {
      headers: { accept: 'application/json' },
    })
    expect(desktopQr.status).toBe(200)
    const { url: link } = (await desktopQr.json()) as { url: string }
    expect(link.startsWith(`${demo.exampleUrl}/alipay/authorize/qr/`), link).toBe(true)

    // The phone: none of the desktop's cookies.
    const scanned = await fetch(link, { redirect: 'manual' })
    expect(scanned.status).toBe(302)
    const consentUrl = new URL(scanned.headers.get('location') ?? '')
    expect(consentUrl.origin).toBe(demo.alipay.url)
    expect(consentUrl.searchParams.get('redirect_uri')).toBe(`${demo.exampleUrl}/alipay/callback`)

    const page = await (await fetch(consentUrl)).text()
    const form = new URLSearchParams(
      [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
        ([, name, value]): [string, string] => [name ?? '', value ?? ''],
      ),
    )
    form.set('user_id', /name="user_id" id="[^"]*" value="([^"]+)"/.exec(page)?.[1] ?? '')
    const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1] ?? ''
    const approved = await fetch(new URL(action.replaceAll('&amp;', '&'), consentUrl), {
      method: 'POST',
      body: form,
      redirect: 'manual',
    })
    const callback = approved.headers.get('location') ?? ''
    expect(callback.startsWith(`${demo.exampleUrl}/alipay/callback?`), callback).toBe(true)
    const done = await fetch(callback, { headers: { accept: 'text/html' } })
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('look back at your computer')
  })

  it('signing in on the desktop goes to the consent page on the LAN address, with the redirect URI there', async () => {
    const authorize = await fetch(`${demo.exampleUrl}/alipay/authorize`, { redirect: 'manual' })
    expect(authorize.status).toBe(302)
    const consentUrl = new URL(authorize.headers.get('location') ?? '')
    expect(consentUrl.origin).toBe(demo.alipay.url)
    expect(consentUrl.searchParams.get('redirect_uri')).toBe(`${demo.exampleUrl}/alipay/callback`)
  })
})
