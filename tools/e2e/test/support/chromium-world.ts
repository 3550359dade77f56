import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { type ExampleName, repoRoot } from '@alipay-isv/demo'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium } from './chromium.js'
import { STARTUP_TIMEOUT_MS, startWorld, type World, type WorldOptions } from './world.js'

/** Screenshots for a person to look at (gitignored). */
export const artifacts = join(repoRoot, 'test-artifacts', 'e2e')

/** The emulator's two-app merchant: one consent, two tokens. */
export const chainStore = {
  userId: '2088102233445566',
  authAppIds: ['2021004100000002', '2021004100000003'],
}

/**
 * For a describe block: the emulator, one example and headless Chromium, started before its
 * tests and stopped after them. Read `world` and `browser` inside the tests.
 */
export function startChromiumWorld(
  name: ExampleName,
  options: WorldOptions = {},
): { world: World; browser: Browser } {
  // Registered after the world's hooks: Chromium starts after the world and closes before it.
  const running = startWorld(name, options) as { world: World; browser: Browser }
  beforeAll(async () => {
    await mkdir(join(artifacts, 'console'), { recursive: true })
    running.browser = await launchChromium()
  }, STARTUP_TIMEOUT_MS)
  afterAll(async () => {
    await running.browser?.close()
  }, STARTUP_TIMEOUT_MS)
  return running
}
