/** Local InPost Pay sandbox for development and tests. See server.ts for the simulator API. */
export { startSandbox } from './server.js';
export type { Sandbox, SandboxOptions } from './server.js';
