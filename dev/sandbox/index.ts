/**
 * Local InPost Pay sandbox for development and tests: InPost's side of the wire (server.ts), its
 * calls to the shop and the phone simulator's JSON API (phone-app.ts), the page (phone/).
 */
export { startSandbox } from './server.js';
export type { Sandbox, SandboxOptions } from './server.js';
