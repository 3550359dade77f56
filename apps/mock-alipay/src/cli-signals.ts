/** A signal this soon after the first is the same Ctrl-C, forwarded by a parent (pnpm, npm). */
const SAME_SIGNAL_MS = 1000

/**
 * SIGINT/SIGTERM close what `running` returns and exit 0 (1 if closing fails); before there is
 * anything to close, exit at once; a second Ctrl-C while closing exits at once with 130.
 */
export function closeOnSignals(running: () => { close(): Promise<void> } | undefined): void {
  let closingSince: number | undefined
  const stop = (signal: NodeJS.Signals) => {
    const started = running()
    // Nothing to close yet; another Ctrl-C while closing means "now".
    if (!started) process.exit(0)
    if (closingSince !== undefined) {
      if (Date.now() - closingSince < SAME_SIGNAL_MS) return
      process.exit(130)
    }
    closingSince = Date.now()
    process.stderr.write(`mock-alipay: ${signal}, closing\n`)
    started.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`mock-alipay: could not close cleanly: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
