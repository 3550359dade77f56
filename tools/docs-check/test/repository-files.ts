import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** The text files git tracks (lockfile and images aside), with their contents. */
export function trackedTextFiles(): { path: string; text: string }[] {
  const paths = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((path) => path && !/(^|\/)pnpm-lock\.yaml$|\.(png|jpe?g|gif|ico|tgz)$/.test(path))
  return paths.map((path) => ({ path, text: readFileSync(join(REPO_ROOT, path), 'utf8') }))
}

/** The line numbers (1-based) of `text` where `pattern` matches, with the line. */
export function matchingLines(text: string, pattern: RegExp): string[] {
  return text
    .split('\n')
    .flatMap((line, index) => (pattern.test(line) ? [`${index + 1}: ${line.trim()}`] : []))
}
