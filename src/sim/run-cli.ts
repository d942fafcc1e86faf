// The simulator's command line: parse arguments, load events, start, report where it listens.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LdpSimulator, type FeedHandle } from './ldp-simulator.js';

export const SIM_USAGE = `Usage: ldp-sim [--file events.jsonl] [--port 0] --token T [--tls] [--cert-out cert.pem] [--rate N] [--loop] [--retain N]
  --file F      JSON lines: each non-empty line is one audit payload (Event, EventList or array)
  --port P      TCP port on 127.0.0.1 (0 = any free port; default 0)
  --token T     the tk= value clients must present (or env LDP_SIM_TOKEN)
  --tls         serve wss:// with a throwaway self-signed certificate
  --cert-out F  where to write that certificate (default: a file in the temp folder)
  --rate N      payloads per second (default: all at once)
  --loop        start over at the end of the file (auditIDs get a -<pass> suffix)
  --retain N    records kept for begin= replays (default 100000; older ones are forgotten)`;

export interface SimCliArgs {
  readonly file: string | undefined;
  readonly port: number;
  readonly token: string;
  readonly tls: boolean;
  readonly certOut: string | undefined;
  readonly rate: number | undefined;
  readonly loop: boolean;
  readonly retain: number;
}

/** Parses argv (without node and script); throws an Error holding the usage on bad input. */
export function parseSimArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): SimCliArgs {
  const flags = new Set(['--tls', '--loop']);
  const values = new Map<string, string>();
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (flags.has(name)) {
      seen.add(name);
      continue;
    }
    if (!['--file', '--port', '--token', '--cert-out', '--rate', '--retain'].includes(name)) {
      throw new Error(`unknown argument "${name}"\n${SIM_USAGE}`);
    }
    const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value\n${SIM_USAGE}`);
    values.set(name, value);
  }
  const token = values.get('--token') ?? env['LDP_SIM_TOKEN'] ?? '';
  if (token === '') throw new Error(`a token is required (--token or LDP_SIM_TOKEN)\n${SIM_USAGE}`);
  const port = Number(values.get('--port') ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535\n${SIM_USAGE}`);
  const rateText = values.get('--rate');
  const rate = rateText === undefined ? undefined : Number(rateText);
  if (rate !== undefined && !(rate > 0)) throw new Error(`--rate must be a positive number\n${SIM_USAGE}`);
  const retain = Number(values.get('--retain') ?? '100000');
  if (!Number.isInteger(retain) || retain < 1) throw new Error(`--retain must be a positive integer\n${SIM_USAGE}`);
  return {
    retain,
    file: values.get('--file'),
    port,
    token,
    tls: seen.has('--tls'),
    certOut: values.get('--cert-out'),
    rate,
    loop: seen.has('--loop'),
  };
}

/** Non-empty lines of a JSON-lines file (a trailing \r is removed). */
export function readPayloadLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '');
}

export interface RunningSimulator {
  readonly simulator: LdpSimulator;
  /** The feed, once the first client connected (undefined without payloads). */
  readonly feed: Promise<FeedHandle | undefined>;
  stop(): Promise<void>;
}

/** Starts the simulator as the CLI does; `print` receives the lines meant for stdout. */
export async function runSimulatorCli(args: SimCliArgs, print: (line: string) => void): Promise<RunningSimulator> {
  const payloads = args.file === undefined ? [] : readPayloadLines(args.file);
  const simulator = new LdpSimulator({ token: args.token, port: args.port, tls: args.tls, retainRecords: args.retain });
  await simulator.start();
  print(`LDP simulator listening on ${simulator.listenUrl}`);
  print(`open_params: ${simulator.redactedUrl}  (tk= is the token you gave)`);
  if (simulator.caPem !== undefined) {
    const certPath = args.certOut ?? join(tmpdir(), `ldp-sim-${simulator.port}.pem`);
    writeFileSync(certPath, simulator.caPem);
    print(`self-signed certificate: ${certPath}  (trust it with the caFile init config key)`);
  }
  const rateText = args.rate === undefined ? 'all at once' : `${args.rate}/s`;
  let stopped = false;
  let handle: FeedHandle | undefined;
  const startFeed = (): FeedHandle | undefined => {
    if (stopped) return undefined;
    print('client connected: ingesting');
    handle = simulator.feed(payloads, { ...(args.rate === undefined ? {} : { rate: args.rate }), loop: args.loop });
    return handle;
  };
  let feed: Promise<FeedHandle | undefined> = Promise.resolve(undefined);
  if (payloads.length > 0) {
    // Like LDP's tail, a client sees only what is ingested after it connected: start feeding
    // then, so a demo client does not miss the file.
    print(`will ingest ${payloads.length} payload(s) ${rateText}${args.loop ? ', looping' : ''} when a client connects`);
    feed = simulator.waitForConnection().then(startFeed);
  }
  return {
    simulator,
    feed,
    async stop() {
      stopped = true;
      handle?.stop();
      await simulator.close();
    },
  };
}
