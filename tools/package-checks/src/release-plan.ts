import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { withoutPnpmScriptConfig } from './pack.js'
import { REPO_ROOT } from './published-packages.js'

const run = promisify(execFile)

/** One package of `changeset status --output`'s plan. */
export interface PlannedRelease {
  name: string
  type: 'major' | 'minor' | 'patch' | 'none'
  oldVersion?: string
  newVersion?: string
  /** Ids (file names without `.md`) of the pending changesets that bump it. */
  changesets: string[]
}

/** What `pnpm release` would publish, as changesets computes it from `.changeset/`. */
export async function releasePlan(): Promise<PlannedRelease[]> {
  const dir = await mkdtemp(join(tmpdir(), 'alipay-isv-release-plan-'))
  try {
    const output = join(dir, 'status.json')
    await run('pnpm', ['exec', 'changeset', 'status', '--output', output], {
      cwd: REPO_ROOT,
      env: withoutPnpmScriptConfig(process.env),
    })
    return (JSON.parse(await readFile(output, 'utf8')) as { releases: PlannedRelease[] }).releases
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
