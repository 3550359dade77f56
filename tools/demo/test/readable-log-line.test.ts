import { describe, expect, it } from 'vitest'
import { readableLogLine } from '../src/readable-log-line.js'

describe('readableLogLine', () => {
  it('shows a Fastify (pino) log line as level, message and name=value pairs, without pino’s bookkeeping', () => {
    const line = JSON.stringify({
      level: 50,
      time: 1796032191541,
      pid: 5570,
      hostname: 'vm',
      plugin: '@alipay-isv/fastify',
      event: 'refreshFailed',
      authAppId: '2021004100000001',
      error: { name: 'AlipayApiError', message: 'Alipay said no', subCode: 'isv.x' },
      authAppIds: ['2021004100000002', '2021004100000003'],
      msg: 'alipay refreshFailed',
    })
    expect(readableLogLine(line)).toBe(
      'error: alipay refreshFailed plugin=@alipay-isv/fastify event=refreshFailed authAppId=2021004100000001 error.name=AlipayApiError error.message="Alipay said no" error.subCode=isv.x authAppIds=2021004100000002,2021004100000003',
    )
  })

  it.each([
    'listening on http://127.0.0.1:3000',
    'alipay-auth: codeExchanged authAppId=2021004100000001',
    '{not json',
    '{"some":"json that is not a log line"}',
  ])('keeps any other line as it is: %s', (line) => {
    expect(readableLogLine(line)).toBe(line)
  })

  it('leaves out Fastify’s own “Server listening at”: the example prints its listening line once itself', () => {
    const line = JSON.stringify({
      level: 30,
      time: 1,
      msg: 'Server listening at http://127.0.0.1:3000',
    })
    expect(readableLogLine(line)).toBeUndefined()
  })
})
