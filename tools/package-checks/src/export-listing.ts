import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import ts from 'typescript'
import type { PublishedPackage } from './published-packages.js'

/** Where a package's reviewed listing of its public surface lives, beside its package.json. */
export const EXPORT_LISTING_FILE = 'exports.txt'

/**
 * Every name each entry point of a built package exports, with its kind, read from the ESM
 * declarations its `exports` map points at: what a user's editor offers them. One section per
 * entry point (`## @alipay-isv/core/signer`), one `kind name` per line, sorted.
 */
export function exportListing(pkg: PublishedPackage): string {
  const entries = Object.entries(pkg.manifest.exports ?? {}).filter(
    ([subpath]) => subpath !== './package.json',
  )
  const files = entries.map(([, target]) => join(pkg.dir, importTypes(target)))
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    noEmit: true,
  })
  const checker = program.getTypeChecker()
  const sections = entries.map(([subpath], index) => {
    const source = program.getSourceFile(files[index] as string)
    const moduleSymbol = source && checker.getSymbolAtLocation(source)
    if (!moduleSymbol) throw new Error(`${pkg.name}: no declarations at ${files[index]}`)
    const lines = checker
      .getExportsOfModule(moduleSymbol)
      .map((symbol) => `${kindOf(checker, symbol)} ${symbol.name}`)
      .sort((a, b) => nameOf(a).localeCompare(nameOf(b)))
    return [`## ${pkg.name}${subpath.slice(1)}`, ...lines].join('\n')
  })
  return `${sections.join('\n\n')}\n`
}

export async function checkedInListing(pkg: PublishedPackage): Promise<string> {
  return readFile(join(pkg.dir, EXPORT_LISTING_FILE), 'utf8').catch(() => '')
}

function importTypes(target: unknown): string {
  const types = (target as { import?: { types?: string } }).import?.types
  if (typeof types !== 'string') throw new Error(`no import.types in ${JSON.stringify(target)}`)
  return types
}

function kindOf(checker: ts.TypeChecker, exported: ts.Symbol): string {
  const symbol =
    exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
  const { flags } = symbol
  if (flags & ts.SymbolFlags.Class) return 'class'
  if (flags & ts.SymbolFlags.Function) return 'function'
  if (flags & ts.SymbolFlags.Variable) return 'const'
  if (flags & ts.SymbolFlags.Enum) return 'enum'
  if (flags & ts.SymbolFlags.Interface) return 'interface'
  if (flags & ts.SymbolFlags.TypeAlias) return 'type'
  return 'namespace'
}

const nameOf = (line: string) => line.slice(line.indexOf(' ') + 1)
