import { startMockAlipay } from '@alipay-isv/mock-alipay'

const alipay = await startMockAlipay()
for (const path of ['/gateway.do', '/__admin/clock']) {
  for (let round = 0; round < 2; round++) {
    const t0 = performance.now()
    for (let i = 0; i < 50; i++) {
      const g = await fetch(`${alipay.url}${path}`, {
        method: path.includes('admin') ? 'GET' : 'POST',
      })
      await g.text()
    }
    console.log(path, ((performance.now() - t0) / 50).toFixed(2), 'ms/req')
  }
}
const t1 = performance.now()
for (let i = 0; i < 50; i++)
  await alipay.engine.handle(new Request(`${alipay.url}/gateway.do`, { method: 'POST' }))
console.log('in-process engine', ((performance.now() - t1) / 50).toFixed(2))
await alipay.close()
