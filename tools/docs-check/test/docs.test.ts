import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { matchingLines, REPO_ROOT, trackedTextFiles } from './repository-files.js'

const files = trackedTextFiles()
const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8')
const sections = [...read('docs/protocol.md').matchAll(/^## (\d+)\. /gm)].map((match) => match[1])

// Spelled in pieces so that this file does not cite what it forbids.
const OUTSIDE = new RegExp(['SP' + 'EC', 'DES' + 'IGN', 'sha' + 'red/'].join('|'))

describe("the repository's documentation", () => {
  it('has every section of docs/protocol.md that the code cites', () => {
    const dangling = files.flatMap(({ path, text }) =>
      [...text.matchAll(/docs\/protocol\.md ((?:§\d+(?:[–-]\d+)?(?:, )?)+)/g)]
        .filter((citation) => citation[1]!.match(/\d+/g)!.some((n) => !sections.includes(n)))
        .map((citation) => `${path}: ${citation[0]}`),
    )
    expect(sections).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(dangling).toEqual([])
  })

  it('sends no reader outside the repository', () => {
    const outside = files.flatMap(({ path, text }) =>
      matchingLines(text, OUTSIDE).map((line) => `${path}:${line}`),
    )
    expect(outside).toEqual([])
  })

  it('names in docs/architecture.md only files and folders that exist', () => {
    const roots = ['', 'packages/core/src', 'apps/mock-alipay/src']
    const named = [...read('docs/architecture.md').matchAll(/`([\w./-]+(?:\.ts|\.md|\/))`/g)]
    const missing = named
      .map((match) => match[1]!)
      .filter((path) => !roots.some((root) => existsSync(join(REPO_ROOT, root, path))))
    expect(missing).toEqual([])
  })

  it('links, from README.md and docs/, only to files that exist', () => {
    const pages = files.filter(({ path }) => /^(README\.md|docs\/.*\.md)$/.test(path))
    const broken = pages.flatMap(({ path, text }) =>
      [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
        .map((link) => link[1]!)
        .filter((target) => !/^[a-z]+:/.test(target))
        .filter((target) => !existsSync(join(REPO_ROOT, dirname(path), target)))
        .map((target) => `${path}: ${target}`),
    )
    expect(broken).toEqual([])
  })
})
