/** Epoch milliseconds. Injected everywhere time matters, so tests and the emulator can move it. */
export type Clock = () => number

export const systemClock: Clock = () => Date.now()
