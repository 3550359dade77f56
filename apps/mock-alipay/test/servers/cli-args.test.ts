import { describe, expect, it } from 'vitest'
import { CliUsageError, parseCliArgs } from '../../src/cli-args.js'

describe('mock-alipay flags', () => {
  it('reads --port, --host, --seed and --data-dir in both "--flag value" and "--flag=value" forms', () => {
    expect(
      parseCliArgs(['--port', '9300', '--host=0.0.0.0', '--seed=seed.json', '--data-dir', 'state']),
    ).toEqual({
      kind: 'run',
      options: {
        port: 9300,
        host: '0.0.0.0',
        seedFile: 'seed.json',
        dataDir: 'state',
        keyCache: true,
        strictTimestamps: false,
        allowedHosts: [],
      },
    })
  })

  it('keeps generated keys in the key cache unless --no-key-cache is given', () => {
    expect(parseCliArgs([])).toMatchObject({ options: { keyCache: true } })
    expect(parseCliArgs(['--no-key-cache'])).toMatchObject({ options: { keyCache: false } })
  })

  it('reads --strict-timestamps, --admin-token (or MOCK_ALIPAY_ADMIN_TOKEN) and repeated --allow-host', () => {
    expect(
      parseCliArgs(
        [
          '--strict-timestamps',
          '--admin-token',
          's3cret',
          '--allow-host',
          'alipay',
          '--allow-host=mock',
        ],
        {},
      ),
    ).toMatchObject({
      options: { strictTimestamps: true, adminToken: 's3cret', allowedHosts: ['alipay', 'mock'] },
    })
    expect(parseCliArgs([], { MOCK_ALIPAY_ADMIN_TOKEN: 'from-env' })).toMatchObject({
      options: { adminToken: 'from-env' },
    })
    expect(parseCliArgs([], {})).toMatchObject({ options: { adminToken: undefined } })
  })

  it('defaults to port 9300 on 127.0.0.1, and takes --port 0 for a free port', () => {
    expect(parseCliArgs([])).toMatchObject({ options: { port: 9300, host: '127.0.0.1' } })
    expect(parseCliArgs(['--port', '0'])).toMatchObject({ options: { port: 0 } })
  })

  it('ignores the "--" that `pnpm start -- --port 9300` may pass through', () => {
    expect(parseCliArgs(['--', '--port', '9300'])).toMatchObject({ options: { port: 9300 } })
  })

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--port', 'abc'], '--port must be a whole number from 0 to 65535'],
    [['--port', '70000'], '--port must be a whole number from 0 to 65535'],
    [['--port'], "Option '--port <value>' argument missing"],
    [['--seed='], '--seed needs a value'],
    [['serve'], "Unexpected argument 'serve'"],
    [['--admin-token='], '--admin-token needs a value'],
  ])('refuses %j saying what is wrong', (args, message) => {
    expect(() => parseCliArgs(args)).toThrow(CliUsageError)
    expect(() => parseCliArgs(args)).toThrow(message)
  })

  it('answers --help and -h with the usage', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' })
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' })
  })
})
