import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * The environment of a script of the consumer project: without `NODE_PATH`, which the workspace's
 * bin shims (vitest's) point at the workspace's hoisted packages, so that the consumer resolves
 * only what it installed (an optional peer left out stays out).
 */
function consumerEnv(): NodeJS.ProcessEnv {
  const { NODE_PATH: _workspacePackages, ...env } = process.env
  return env
}

/**
 * Runs `node <script> ...args` in the consumer project with the Node running the tests (so each
 * Node of the matrix runs the installed packages) and returns its last line of output: scripts
 * print one JSON line at the end, after whatever the packages log.
 */
export async function lastLineOf(
  dir: string,
  script: string,
  args: string[] = [],
): Promise<string> {
  const { stdout } = await run(process.execPath, [script, ...args], {
    cwd: dir,
    env: consumerEnv(),
  })
  return stdout.trimEnd().split('\n').at(-1) ?? ''
}

const tscPath = join(
  dirname(createRequire(import.meta.url).resolve('typescript/package.json')),
  'bin/tsc',
)

/** The workspace's tsc on a tsconfig of the consumer project; resolves to its diagnostics. */
export async function typeCheck(dir: string, tsconfig: string): Promise<string> {
  return run(process.execPath, [tscPath, '-p', tsconfig], { cwd: dir }).then(
    ({ stdout }) => stdout.trim(),
    (error: { stdout?: string; message: string }) => error.stdout?.trim() || error.message,
  )
}

/** `node --test <file>` in the consumer project; resolves to its TAP report, passing or not. */
export async function nodeTest(dir: string, file: string): Promise<string> {
  return run(process.execPath, ['--test', '--test-reporter=tap', file], {
    cwd: dir,
    env: consumerEnv(),
  }).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string; message: string }) => error.stdout || error.message,
  )
}
