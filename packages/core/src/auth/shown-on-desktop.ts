/**
 * The errors of QR callbacks whose failure is recorded in the QR status, so the computer that
 * showed the code shows it too. The phone's page then sends the merchant back to that computer,
 * which can start a new authorization, rather than to an authorize route on the phone (which would
 * start over in the wrong place, in a browser without the desktop's session).
 */
const shownOnDesktop = new WeakSet<object>()

export function markShownOnDesktop(error: unknown): void {
  if (typeof error === 'object' && error !== null) shownOnDesktop.add(error)
}

export function isShownOnDesktop(error: unknown): boolean {
  return typeof error === 'object' && error !== null && shownOnDesktop.has(error)
}
