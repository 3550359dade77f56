import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseNotifyBody } from '@alipay-isv/core/signer'
import { type HttpHandler, HttpResponse, http } from 'msw'
import { vi } from 'vitest'

/** What an ISV app answers one notification delivery with. */
export interface NotifyAnswer {
  status?: number
  body: string
}

/** One notify URL: what reached it, form-decoded, in order. */
export interface NotifyEndpoint {
  url: string
  deliveries: Record<string, string>[]
  /** Waits until `count` deliveries have arrived and returns them. */
  received(count: number): Promise<Record<string, string>[]>
}

/** An ISV app's notify endpoint, as scenarios reach it through the engine or a server. */
export interface NotifyReceiver {
  /** A fresh URL that answers each delivery with the next of `answers`, then `success`. */
  endpoint(answers?: NotifyAnswer[]): NotifyEndpoint
}

/** Deliveries by path, behind whatever receives them for the scenarios: a loopback server or msw. */
export class NotifyInbox implements NotifyReceiver {
  readonly #endpoints = new Map<string, { endpoint: NotifyEndpoint; answers: NotifyAnswer[] }>()

  constructor(readonly origin: string) {}

  endpoint(answers: NotifyAnswer[] = []): NotifyEndpoint {
    const path = `/alipay/notify/${randomUUID()}`
    const deliveries: Record<string, string>[] = []
    const url = `${this.origin}${path}`
    const received = async (count: number) => {
      await vi.waitFor(
        () => {
          if (deliveries.length < count)
            throw new Error(`${url} got ${deliveries.length} of ${count} notifications`)
        },
        { timeout: 10_000, interval: 20 },
      )
      return deliveries
    }
    const endpoint = { url, deliveries, received }
    this.#endpoints.set(path, { endpoint, answers: [...answers] })
    return endpoint
  }

  /** Records a delivery to `path` and returns what the app answers. */
  deliver(path: string, body: string): NotifyAnswer {
    const target = this.#endpoints.get(path)
    if (!target) return { status: 404, body: `no notify endpoint ${path}` }
    target.endpoint.deliveries.push(parseNotifyBody(body))
    return target.answers.shift() ?? { body: 'success' }
  }
}

/** A notify receiver on a real loopback port, for servers whose notifications use the network. */
export async function startLoopbackReceiver(): Promise<
  NotifyReceiver & { close(): Promise<void> }
> {
  // Set once listening, before any delivery can arrive.
  let inbox: NotifyInbox
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const path = new URL(request.url ?? '/', inbox.origin).pathname
    const answer = inbox.deliver(path, Buffer.concat(chunks).toString('utf8'))
    response.writeHead(answer.status ?? 200, { 'content-type': 'text/plain;charset=utf-8' })
    response.end(answer.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  inbox = new NotifyInbox(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  return {
    endpoint: (answers) => inbox.endpoint(answers),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** An msw handler answering notifications to `inbox.origin`, for in-process tests. */
export function notifyHandler(inbox: NotifyInbox): HttpHandler {
  return http.post(`${inbox.origin}/alipay/notify/:id`, async ({ request }) => {
    const answer = inbox.deliver(new URL(request.url).pathname, await request.text())
    return new HttpResponse(answer.body, {
      status: answer.status ?? 200,
      headers: { 'content-type': 'text/plain;charset=utf-8' },
    })
  })
}
