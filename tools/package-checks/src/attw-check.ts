import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const attwCli = binOf('@arethetypeswrong/cli', 'attw')

/** The CLI's script path, from its package.json: the package exports no entry for it. */
function binOf(packageName: string, command: string): string {
  const manifestPath = createRequire(import.meta.url).resolve(`${packageName}/package.json`)
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: Record<string, string> }
  return join(dirname(manifestPath), manifest.bin[command] ?? '')
}

interface AttwProblem {
  kind: string
  entrypoint?: string
  resolutionKind?: string
}

/**
 * Runs `attw` on a packed tarball with the `node16` profile: our floor is Node 20 and TypeScript's
 * node16/nodenext/bundler resolution, so node10 (`moduleResolution: "node"`), which cannot see
 * subpath exports, is out of scope. `--no-definitely-typed` keeps it offline: every package ships
 * its own types. Returns one line per problem the profile counts.
 */
export async function attwProblems(tarball: string): Promise<string[]> {
  const args = [
    attwCli,
    tarball,
    '--profile',
    'node16',
    '--no-definitely-typed',
    '--format',
    'json',
  ]
  const { stdout, exitCode } = await run(process.execPath, args, { maxBuffer: 64 << 20 }).then(
    (result) => ({ ...result, exitCode: 0 }),
    (error: { stdout?: string; stderr?: string; code?: number }) => {
      if (!error.stdout) throw new Error(`attw failed on ${tarball}: ${error.stderr}`)
      return { stdout: error.stdout, exitCode: error.code ?? 1 }
    },
  )
  const report = JSON.parse(stdout) as { problems?: Record<string, AttwProblem[]> }
  const counted = Object.values(report.problems ?? {})
    .flat()
    .filter((problem) => problem.resolutionKind !== 'node10')
    .map((problem) => `${problem.kind} at ${problem.entrypoint} (${problem.resolutionKind})`)
  if (exitCode !== 0 && counted.length === 0) counted.push(`attw exited with ${exitCode}`)
  return counted
}
