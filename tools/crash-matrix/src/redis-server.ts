import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '@alipay-isv/demo'

/**
 * A `redis-server` of the test's own, on a free port, persisting to an append-only file fsynced
 * on every write (what the core README asks of a production Redis), so it can be SIGKILLed and
 * restarted with everything it acknowledged.
 */
export class RedisServer {
  private process: ChildProcess | undefined

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), await mkdtemp(join(tmpdir(), 'crash-redis-')))
    await server.restart()
    return server
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Starts it (again) on the same port and directory; resolves once it accepts connections. */
  async restart(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir]
    const persistence = ['--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
    const child = spawn('redis-server', [...args, ...persistence], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.process = child
    let output = ''
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('Ready to accept connections')) resolve()
      })
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)))
    })
  }

  /** SIGSTOP: the server keeps its connections and answers nothing, as a hung host would. */
  freeze(): void {
    this.process?.kill('SIGSTOP')
  }

  /** SIGCONT after `freeze`: it answers again, queued commands included. */
  thaw(): void {
    this.process?.kill('SIGCONT')
  }

  async kill(): Promise<void> {
    const child = this.process
    // Exited, or killed by a signal (then exitCode stays null): no 'exit' event is left to await.
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }

  async stop(): Promise<void> {
    await this.kill()
    await rm(this.dir, { recursive: true, force: true })
  }
}
