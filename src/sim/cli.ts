// Entry point of the LDP simulator (bundled as dist/ldp-sim.js):
//   node dist/ldp-sim.js --file events.jsonl --port 0 --token T [--tls] [--rate N] [--loop]
import { parseSimArgs, runSimulatorCli } from './run-cli.js';

async function main(): Promise<void> {
  const args = parseSimArgs(process.argv.slice(2), process.env);
  const running = await runSimulatorCli(args, (line) => process.stdout.write(`${line}\n`));
  const shutdown = (): void => {
    void running.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`ldp-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
