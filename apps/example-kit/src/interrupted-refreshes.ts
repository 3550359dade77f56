import type { AppAuth } from '@alipay-isv/core'

/** Where the report goes: a line and whether it is a warning (stderr) or not (stdout). */
export type StartupLog = (line: string, level: 'info' | 'warn') => void

const standardStreams: StartupLog = (line, level) =>
  (level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`)

/**
 * Starts the AppAuth now rather than at the first request (Koa's middleware waits for one), so
 * that the refreshes a crash or a store outage left unfinished are finished right away, while
 * Alipay still answers their spent refresh tokens (core README, "Crash-safe refresh"). Once that
 * pass is done, one line says what it did:
 * `<name>: interrupted refreshes: 2 finished, 0 need re-authorization, 0 failed`. When the store
 * cannot be read now, a warning says so; the pass is tried again in the background, and each
 * merchant's refresh is finished before its next use anyway.
 */
export function finishInterruptedRefreshes(
  name: string,
  appAuth: AppAuth,
  log: StartupLog = standardStreams,
): Promise<void> {
  appAuth.start()
  // Joins the pass start() began (finishInterruptedRefreshes waits for it) and gives its report.
  return appAuth.finishInterruptedRefreshes().then(
    ({ finished, needsReauthorization, failed }) =>
      log(
        `${name}: interrupted refreshes: ${finished} finished, ${needsReauthorization} need re-authorization, ${failed} failed`,
        'info',
      ),
    (error: unknown) =>
      log(
        `${name}: warning: interrupted refreshes could not be looked for now (${error instanceof Error ? error.message : String(error)}); they are tried again in the background, and before each merchant's next use`,
        'warn',
      ),
  )
}
