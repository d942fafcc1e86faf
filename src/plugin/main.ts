// Entry point of the bundle that runs inside Falco, in the Node environment the shim creates for
// each plugin instance. It must never take Falco down: console output goes to Falco's logger,
// process.abort is refused, and uncaught errors become a plugin failure instead of an exit.
import type { PluginBinding } from '../bridge/native-binding.js';
import { SEVERITY } from '../bridge/native-binding.js';
import { BINDING_NAME } from '../bridge/wire-contract.js';
import { redactSecrets } from '../util/redact.js';
import { PluginCore } from './core.js';

declare const process: NodeJS.Process & { _linkedBinding(name: string): unknown };

const binding = process._linkedBinding(BINDING_NAME) as PluginBinding;

function format(args: unknown[]): string {
  return args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : String(a))).join(' ');
}

function log(severity: number, args: unknown[]): void {
  binding.log(severity, redactSecrets(format(args)));
}

// The first console write would switch Falco's stdout/stderr to non-blocking mode.
console.log = (...a: unknown[]) => log(SEVERITY.info, a);
console.info = (...a: unknown[]) => log(SEVERITY.info, a);
console.warn = (...a: unknown[]) => log(SEVERITY.warning, a);
console.error = (...a: unknown[]) => log(SEVERITY.error, a);
console.debug = (...a: unknown[]) => log(SEVERITY.debug, a);
process.abort = () => {
  throw new Error('process.abort() is not allowed inside the Falco plugin');
};

const fatal = (what: string) => (err: unknown) => {
  const message = redactSecrets(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  binding.log(SEVERITY.error, message);
  binding.fail(message);
};
process.on('uncaughtException', fatal('uncaught exception in the plugin'));
process.on('unhandledRejection', fatal('unhandled promise rejection in the plugin'));

const core = new PluginCore(binding);
binding.register((op, arg) => core.dispatch(op, arg));
