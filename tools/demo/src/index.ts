export { DEMO_APP_ID, demoFiles, registerExampleApp } from './demo-app.js'
export { type ExampleEnvOptions, exampleEnv } from './example-env.js'
export {
  type ExampleName,
  type RunningExample,
  repoRoot,
  type StartExampleOptions,
  startExample,
} from './example-process.js'
export { freePort, portFor } from './ports.js'
export { type TrustModeName, writeTrustFiles } from './trust-files.js'
