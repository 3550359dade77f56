import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import { parsePrivateKey } from '../../packages/core/src/index.js'
import { buildV2ResponseBody } from '../../packages/core/src/signer/index.js'

/**
 * The emulator benchmarks' baseline: a bare Fastify `/gateway.do` that reads the body and answers
 * `node` under `nodeName`, signed with Alipay's key, and does nothing else. What the emulator
 * adds on top of it (checks, verification, state) is what its ratio measures.
 */
export async function withSigningOnlyRoute<T>(
  nodeName: string,
  node: string,
  alipayPrivateKeyPem: string,
  measure: (url: string) => Promise<T>,
): Promise<T> {
  const alipayPrivateKey = parsePrivateKey(alipayPrivateKeyPem)
  const app = Fastify({ logger: false })
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  app.post('/gateway.do', async (_request, reply) =>
    reply
      .type('application/json;charset=utf-8')
      .send(buildV2ResponseBody(nodeName, node, alipayPrivateKey)),
  )
  await app.listen({ port: 0, host: '127.0.0.1' })
  try {
    return await measure(
      `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/gateway.do`,
    )
  } finally {
    await app.close()
  }
}
