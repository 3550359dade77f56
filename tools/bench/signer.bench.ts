import { type KeyObject, sign, verify } from 'node:crypto'
import { createRequire } from 'node:module'
import { testKeyPair } from '@alipay-isv/core/testing'
import { AlipaySdk } from 'alipay-sdk'
import {
  buildV2ResponseBody,
  formatChinaTime,
  openV2Response,
  signV2Params,
  v2ResponseNodeName,
  v2SignContent,
} from '../../packages/core/src/signer/index.js'
import type { BenchResult } from './types.js'

const METHOD = 'alipay.open.auth.token.app'
const NODE = v2ResponseNodeName(METHOD)
const APP_ID = '2021000000000001'
const ROUNDS = 10
const ROUND_CPU_MS = 80
const RAW = 'node:crypto KeyObject'
const SDK_VERSION = (
  createRequire(import.meta.url)('alipay-sdk/package.json') as { version: string }
).version

/** The same job done three ways: by our signer, by bare node:crypto (the limit), by alipay-sdk. */
interface Contenders {
  ours: () => unknown
  raw: () => unknown
  sdk: () => unknown
}

/**
 * Signs/s and verifies/s of our signer against raw node:crypto with a cached KeyObject (same
 * content, no canonicalization or extraction) and against alipay-sdk. Time is this process's CPU
 * time, so other processes on a busy machine do not count; the contenders take turns in short
 * rounds and each keeps its best round.
 */
export async function run(): Promise<BenchResult[]> {
  const app = testKeyPair('app')
  const alipay = testKeyPair('alipay')
  // The SDK gets the keys as Alipay's console shows them; it parses the PEM on every call.
  const sdk = new AlipaySdk({
    appId: APP_ID,
    privateKey: app.privateKey.export({ type: 'pkcs1', format: 'der' }).toString('base64'),
    alipayPublicKey: alipay.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  })
  return [
    ...rows('v2 sign', measure(signing(app.privateKey, sdk))),
    ...rows('v2 response verify', measure(verifying(alipay.privateKey, alipay.publicKey, sdk))),
  ]
}

/** A token exchange request (docs/protocol.md §3), signed. */
function signing(appPrivateKey: KeyObject, sdk: AlipaySdk): Contenders {
  const bizContent = { grant_type: 'authorization_code', code: 'P5f8a1c2e9d04b2f8c3e1a7d6b5c4e3f' }
  const params = {
    app_id: APP_ID,
    method: METHOD,
    format: 'JSON',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: formatChinaTime(Date.now()),
    version: '1.0',
    biz_content: JSON.stringify(bizContent),
  }
  const content = Buffer.from(v2SignContent(params), 'utf8')
  return {
    ours: () => signV2Params(params, appPrivateKey),
    raw: () => sign('sha256', content, appPrivateKey),
    sdk: () => sdk.sdkExecute(METHOD, { bizContent }),
  }
}

/** A token exchange response (docs/protocol.md §3), split, verified and decoded. */
function verifying(
  alipayPrivateKey: KeyObject,
  alipayPublicKey: KeyObject,
  sdk: AlipaySdk,
): Contenders {
  const node = tokenExchangeNode()
  const body = buildV2ResponseBody(NODE, node, alipayPrivateKey)
  const signature = (JSON.parse(body) as { sign: string }).sign
  const options = { alipayPublicKey }
  return {
    ours: () => openV2Response(body, METHOD, options),
    raw: () =>
      verify(
        'sha256',
        Buffer.from(node, 'utf8'),
        alipayPublicKey,
        Buffer.from(signature, 'base64'),
      ),
    sdk: () => {
      // What the SDK's exec does with a body: parse it, check the sign over its own extraction.
      const parsed = JSON.parse(body) as Record<string, unknown>
      sdk.checkResponseSign(body, NODE, parsed.sign as string, '')
      return parsed[NODE]
    },
  }
}

function rows(caseName: string, opsPerSecond: Record<keyof Contenders, number>): BenchResult[] {
  const baselines: [string, number][] = [
    [RAW, opsPerSecond.raw],
    [`alipay-sdk ${SDK_VERSION}`, opsPerSecond.sdk],
  ]
  return baselines.map(([baseline, baselineValue]) => ({
    bench: 'signer',
    case: caseName,
    value: Math.round(opsPerSecond.ours),
    unit: 'ops/s',
    baseline,
    baseline_value: Math.round(baselineValue),
    ratio: Math.round((opsPerSecond.ours / baselineValue) * 100) / 100,
  }))
}

/** Best ops/s of each contender over interleaved rounds, after a warm-up round each. */
function measure(contenders: Contenders): Record<keyof Contenders, number> {
  const names = Object.keys(contenders) as (keyof Contenders)[]
  const best = { ours: 0, raw: 0, sdk: 0 }
  for (const name of names) opsPerCpuSecond(contenders[name], ROUND_CPU_MS * 2)
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) {
      best[name] = Math.max(best[name], opsPerCpuSecond(contenders[name], ROUND_CPU_MS))
    }
  }
  return best
}

function opsPerCpuSecond(op: () => unknown, ms: number): number {
  const budgetMicros = ms * 1000
  const start = process.cpuUsage()
  let elapsedMicros = 0
  let count = 0
  while (elapsedMicros < budgetMicros) {
    for (let i = 0; i < 4; i++) op()
    count += 4
    const used = process.cpuUsage(start)
    elapsedMicros = used.user + used.system
  }
  return count / (elapsedMicros / 1e6)
}

/** A token-exchange success node as the gateway sends it: the current and legacy shapes at once. */
function tokenExchangeNode(): string {
  const token = {
    app_auth_token: '202405BBd3c9f0a1e2b44c8f9a0b1c2d3e4f5a67',
    app_refresh_token: '202405BB6f5e4d3c2b1a09f8e7d6c5b4a3928170',
    auth_app_id: '2021000000000002',
    user_id: '2088102000000001',
    expires_in: 31536000,
    re_expires_in: 32140800,
  }
  return JSON.stringify({ code: '10000', msg: 'Success', tokens: [token], ...token })
}
