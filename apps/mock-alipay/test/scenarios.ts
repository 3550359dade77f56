/**
 * Behaviour the emulator must show however it is served, written once: the engine tests run
 * these against `engine.handle`, the servers tests against the HTTP server, `startMockAlipay()`
 * and msw.
 */
import { randomUUID } from 'node:crypto'
import { verifyNotify } from '@alipay-isv/core/signer'
import { expect, vi } from 'vitest'
import { admin } from './support/admin.js'
import {
  alipayKey,
  callV2,
  callV3,
  type EmulatorTransport,
  testAppKeys,
} from './support/alipay-client.js'
import { consentForm, postConsent } from './support/consent-form.js'
import type { NotifyReceiver } from './support/notify-receiver.js'

export interface ScenarioEmulator extends EmulatorTransport {
  /** Where the scenario's apps receive notifications: a loopback server, or an msw handler. */
  notifyReceiver: NotifyReceiver
}

export interface Scenario {
  name: string
  run(emulator: ScenarioEmulator): Promise<void>
}

export const TOKEN = 'alipay.open.auth.token.app'
export const QUERY = 'alipay.open.auth.token.app.query'
const REDIRECT = 'https://isv.example/alipay/callback'
/** A demo merchant with one app, so one authorization makes one notification. */
const MERCHANT = { user_id: '2088101122334455', auth_app_id: '2021004100000001' }

export interface IssuedToken {
  app_auth_token: string
  app_refresh_token: string
  user_id: string
  auth_app_id: string
}

/** A fresh app per scenario, so scenarios share an emulator without seeing each other. */
export async function newApp(emulator: EmulatorTransport, extra: Record<string, unknown> = {}) {
  const appId = `2021${randomUUID().replace(/\D/g, '').slice(0, 12).padEnd(12, '0')}`
  await admin(emulator).registerApp({
    app_id: appId,
    public_key: testAppKeys().publicKeyPem,
    redirect_uri: REDIRECT,
    ...extra,
  })
  return appId
}

async function exchangeNewCode(emulator: ScenarioEmulator, appId: string) {
  const { app_auth_code } = await admin(emulator).authorize({ app_id: appId })
  return exchange(emulator, appId, app_auth_code)
}

export function exchange(emulator: EmulatorTransport, appId: string, code: string) {
  return callV2(emulator, { appId, method: TOKEN, biz: { grant_type: 'authorization_code', code } })
}

/** The emulator's log of its delivery attempts to `url`, once `count` of them are there. */
async function deliveryAttempts(emulator: ScenarioEmulator, url: string, count: number) {
  return vi.waitFor(
    async () => {
      const attempts = (await admin(emulator).requests()).filter(
        (entry) => entry.direction === 'outbound' && entry.url === url,
      )
      if (attempts.length < count)
        throw new Error(`the request log shows ${attempts.length} of ${count} attempts to ${url}`)
      return attempts.map(({ method, attempt, status, outcome }) => ({
        method,
        attempt,
        status,
        outcome,
      }))
    },
    { timeout: 10_000, interval: 20 },
  )
}

async function authorizedApp(emulator: ScenarioEmulator) {
  const appId = await newApp(emulator)
  const exchanged = await exchangeNewCode(emulator, appId)
  const token = (exchanged.node.tokens as IssuedToken[])[0]!
  return { appId, token }
}

export const scenarios: Scenario[] = [
  {
    name: 'the consent page lists the merchants and Authorize redirects with a code and the state unchanged',
    async run(emulator) {
      const appId = await newApp(emulator)
      const query = new URLSearchParams({ app_id: appId, redirect_uri: REDIRECT, state: 'a b&c' })
      const page = await emulator.fetch(`${emulator.baseUrl}/oauth2/appToAppAuth.htm?${query}`)
      const html = await page.text()
      expect(page.status).toBe(200)
      const userId = /name="user_id" id="merchant-(\d+)"/.exec(html)?.[1]
      expect(html).toContain('id="authorize"')
      const form = new URLSearchParams({
        app_id: appId,
        redirect_uri: REDIRECT,
        state: 'a b&c',
        user_id: userId!,
      })
      const posted = await postConsent(emulator, form)
      expect(posted.status).toBe(302)
      const location = new URL(posted.headers.get('location')!)
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT)
      expect(location.searchParams.get('app_id')).toBe(appId)
      expect(location.searchParams.get('source')).toBe('alipay_app_auth')
      expect(location.searchParams.get('state')).toBe('a b&c')
      expect(location.searchParams.get('app_auth_code')).toMatch(/\w+/)
    },
  },
  {
    name: 'an invitation link leads to the consent page, and consenting redirects without a state and notifies the app',
    async run(emulator) {
      const endpoint = emulator.notifyReceiver.endpoint()
      const appId = await newApp(emulator, { notify_url: endpoint.url })
      const { status, json } = await admin(emulator).call('POST', '/invites', { app_id: appId })
      expect(status).toBe(200)
      const invite = new URL(json.url as string)
      expect(invite.origin).toBe(new URL(emulator.baseUrl).origin)
      expect(invite.searchParams.has('state')).toBe(false)
      const page = await emulator.fetch(invite)
      const html = await page.text()
      expect(page.status).toBe(200)
      const posted = await postConsent(emulator, consentForm(html, MERCHANT.user_id))
      expect(posted.status).toBe(302)
      const location = new URL(posted.headers.get('location')!)
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT)
      expect([...location.searchParams.keys()]).toEqual(['app_id', 'source', 'app_auth_code'])
      const [notice] = await endpoint.received(1)
      expect(notice).toMatchObject({ notify_type: 'open_app_auth_notify', app_id: appId })
      expect(JSON.parse(notice!.biz_content!).detail.app_auth_code).toBe(
        location.searchParams.get('app_auth_code'),
      )
    },
  },
  {
    name: 'the consent page refuses a redirect_uri that differs from the registered one',
    async run(emulator) {
      const appId = await newApp(emulator)
      const query = new URLSearchParams({ app_id: appId, redirect_uri: `${REDIRECT}/other` })
      const page = await emulator.fetch(`${emulator.baseUrl}/oauth2/appToAppAuth.htm?${query}`)
      expect(page.status).toBe(400)
      expect(await page.text()).toContain('must be equal exactly')
    },
  },
  {
    name: 'a code exchange answers a signed tokens array with the observed lifetimes',
    async run(emulator) {
      const result = await exchangeNewCode(emulator, await newApp(emulator))
      expect(result.verified).toBe(true)
      expect(result.node).toMatchObject({ code: '10000', msg: 'Success' })
      expect((result.node.tokens as unknown[])[0]).toMatchObject({
        expires_in: 31536000,
        re_expires_in: 32140800,
      })
    },
  },
  {
    name: 'a code works once: the second exchange gets isv.code-invalid',
    async run(emulator) {
      const appId = await newApp(emulator)
      const { app_auth_code } = await admin(emulator).authorize({ app_id: appId })
      const biz = { grant_type: 'authorization_code', code: app_auth_code }
      await callV2(emulator, { appId, method: TOKEN, biz })
      const second = await callV2(emulator, { appId, method: TOKEN, biz })
      expect(second.node).toMatchObject({ code: '40002', sub_code: 'isv.code-invalid' })
      expect(second.verified).toBe(true)
    },
  },
  {
    name: 'refresh rotates the pair and the query reports the new token valid',
    async run(emulator) {
      const { appId, token } = await authorizedApp(emulator)
      const refreshed = await callV2(emulator, {
        appId,
        method: TOKEN,
        biz: { grant_type: 'refresh_token', refresh_token: token.app_refresh_token },
      })
      const rotated = (refreshed.node.tokens as IssuedToken[])[0]!
      expect(rotated.app_auth_token).not.toBe(token.app_auth_token)
      const query = await callV2(emulator, {
        appId,
        method: QUERY,
        biz: { app_auth_token: rotated.app_auth_token },
      })
      expect(query.node).toMatchObject({
        code: '10000',
        status: 'valid',
        auth_app_id: token.auth_app_id,
      })
    },
  },
  {
    name: 'a bad signature gets isv.invalid-signature quoting the string the gateway verified',
    async run(emulator) {
      const appId = await newApp(emulator)
      const result = await callV2(emulator, {
        appId,
        method: QUERY,
        biz: { app_auth_token: 'x' },
        params: { sign: 'AAAA' },
      })
      expect(result.node.sub_code).toBe('isv.invalid-signature')
      expect(result.node.sub_msg).toContain(`网关生成的验签字符串为：app_id=${appId}&biz_content=`)
    },
  },
  {
    name: 'a v3 code exchange and query answer signed JSON',
    async run(emulator) {
      const appId = await newApp(emulator)
      const { app_auth_code } = await admin(emulator).authorize({ app_id: appId })
      const path = '/v3/alipay/open/auth/token/app'
      const exchanged = await callV3(emulator, {
        appId,
        httpMethod: 'POST',
        pathWithQuery: path,
        body: { grant_type: 'authorization_code', code: app_auth_code },
      })
      expect(exchanged.status).toBe(200)
      expect(exchanged.verified).toBe(true)
      const token = (exchanged.data.tokens as IssuedToken[])[0]!
      const query = await callV3(emulator, {
        appId,
        httpMethod: 'GET',
        pathWithQuery: `${path}/query?app_auth_token=${token.app_auth_token}`,
      })
      expect(query.data).toMatchObject({ status: 'valid', user_id: token.user_id })
    },
  },
  {
    name: 'after the merchant cancels, the token query answers aop.invalid-app-auth-token',
    async run(emulator) {
      const { appId, token } = await authorizedApp(emulator)
      expect((await admin(emulator).cancel(appId, token.user_id)).status).toBe(200)
      const query = await callV2(emulator, {
        appId,
        method: QUERY,
        biz: { app_auth_token: token.app_auth_token },
      })
      expect(query.node).toMatchObject({ code: '20001', sub_code: 'aop.invalid-app-auth-token' })
    },
  },
  {
    name: 'an http_error fault answers the status once, then the gateway works again',
    async run(emulator) {
      const appId = await newApp(emulator)
      await admin(emulator).addFault({
        path: '/gateway.do',
        kind: 'http_error',
        status: 502,
        times: 1,
      })
      const send = () => emulator.fetch(`${emulator.baseUrl}/gateway.do`, { method: 'POST' })
      expect((await send()).status).toBe(502)
      const after = await callV2(emulator, {
        appId,
        method: QUERY,
        biz: { app_auth_token: 'unknown' },
      })
      expect(after.node.sub_code).toBe('aop.invalid-app-auth-token')
    },
  },
  {
    name: 'the request log shows the failed verification with the string verified',
    async run(emulator) {
      const appId = await newApp(emulator)
      await callV2(emulator, {
        appId,
        method: QUERY,
        biz: { app_auth_token: 'x' },
        params: { sign: 'AAAA' },
      })
      const entry = (await admin(emulator).requests())
        .filter((request) => request.app_id === appId)
        .at(-1)
      expect(entry).toMatchObject({
        path: '/gateway.do',
        method: QUERY,
        verification: { ok: false },
      })
      expect(entry?.verification?.signed_string).toContain(`app_id=${appId}`)
    },
  },
  {
    name: 'authorization notifies the app with a signed open_app_auth_notify carrying the tokens the code exchange returns',
    async run(emulator) {
      const endpoint = emulator.notifyReceiver.endpoint()
      const appId = await newApp(emulator, { notify_url: endpoint.url })
      const { app_auth_code } = await admin(emulator).authorize({
        app_id: appId,
        user_id: MERCHANT.user_id,
      })
      const [notice] = await endpoint.received(1)
      expect(verifyNotify(notice!, await alipayKey(emulator))).toMatchObject({ verified: true })
      expect(notice).toMatchObject({
        notify_type: 'open_app_auth_notify',
        status: 'execute_auth',
        app_id: appId,
        auth_app_id: MERCHANT.auth_app_id,
      })
      const exchanged = await exchange(emulator, appId, app_auth_code)
      const token = (exchanged.node.tokens as IssuedToken[])[0]!
      expect(JSON.parse(notice!.biz_content!).detail).toMatchObject({
        app_auth_code,
        app_auth_token: token.app_auth_token,
        app_refresh_token: token.app_refresh_token,
        user_id: MERCHANT.user_id,
      })
    },
  },
  {
    name: 'a notification is retried until the app answers success, and each attempt is in the request log',
    async run(emulator) {
      const endpoint = emulator.notifyReceiver.endpoint([
        { body: 'fail' },
        { status: 500, body: 'oops' },
      ])
      const appId = await newApp(emulator, { notify_url: endpoint.url })
      await admin(emulator).authorize({ app_id: appId, user_id: MERCHANT.user_id })
      const deliveries = await endpoint.received(3)
      const alipayPublicKey = await alipayKey(emulator)
      for (const delivery of deliveries)
        expect(verifyNotify(delivery, alipayPublicKey).verified).toBe(true)
      // Retries are the same notification: an app deduplicating by notify_id sees one.
      expect(new Set(deliveries.map((delivery) => delivery.notify_id)).size).toBe(1)
      const method = 'open_app_auth_notify'
      expect(await deliveryAttempts(emulator, endpoint.url, 3)).toEqual([
        { method, attempt: 1, status: 200, outcome: 'the app answered "fail", not "success"' },
        { method, attempt: 2, status: 500, outcome: 'the app answered "oops", not "success"' },
        { method, attempt: 3, status: 200, outcome: 'success' },
      ])
    },
  },
  {
    name: 'cancellation notifies the app with a signed alipay.open.auth.appauth.cancelled, retried until success',
    async run(emulator) {
      // The authorization's notification is answered at once, the cancellation's once refused.
      const endpoint = emulator.notifyReceiver.endpoint([{ body: 'success' }, { body: 'fail' }])
      const appId = await newApp(emulator, { notify_url: endpoint.url })
      await admin(emulator).authorize({ app_id: appId, user_id: MERCHANT.user_id })
      const [authorized] = await endpoint.received(1)
      expect((await admin(emulator).cancel(appId, MERCHANT.user_id)).status).toBe(200)
      const [, cancelled, retried] = await endpoint.received(3)
      expect(verifyNotify(cancelled!, await alipayKey(emulator)).verified).toBe(true)
      expect(retried?.notify_id).toBe(cancelled?.notify_id)
      expect(cancelled).toMatchObject({
        msg_method: 'alipay.open.auth.appauth.cancelled',
        app_id: appId,
      })
      expect(JSON.parse(cancelled!.biz_content!)).toMatchObject({
        user_id: MERCHANT.user_id,
        auth_app_id: MERCHANT.auth_app_id,
        app_auth_token: JSON.parse(authorized!.biz_content!).detail.app_auth_token,
      })
      const method = 'alipay.open.auth.appauth.cancelled'
      const attempts = await deliveryAttempts(emulator, endpoint.url, 3)
      expect(attempts.filter((attempt) => attempt.method === method)).toEqual([
        { method, attempt: 1, status: 200, outcome: 'the app answered "fail", not "success"' },
        { method, attempt: 2, status: 200, outcome: 'success' },
      ])
    },
  },
]
