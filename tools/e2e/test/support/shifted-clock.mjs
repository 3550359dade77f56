// Preloaded into an example process by the end-to-end tests (never by the example itself):
// moves the process's wall clock forward when the test says so over IPC, the way the
// emulator's POST /__admin/clock moves Alipay's. The example's code is unchanged; its
// `Date.now()` just reads a later time, as it would a year from now.
const realNow = Date.now
let offsetMs = 0
Date.now = () => realNow() + offsetMs

process.on('message', (message) => {
  if (message?.type !== 'advance-clock') return
  offsetMs += message.ms
  process.send?.({ type: 'clock-advanced', offsetMs })
})
process.channel?.unref()
