import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { BASE_ENVIRONMENT, BUNDLING, ENTRY_METADATA, projectRoot, type FunctionBundling } from '../cdk/app-function.js';
import { stackTemplate } from '../local/cloud.js';
import { constructIdOf, LocalTemplate } from '../local/template.js';
import { ms, percentile } from './stats.js';

const REGION = 'us-east-1';
const EMPTY = 'empty handler';
/** Inside the project, so that the bundles' external imports (the SDK) resolve from its node_modules as Lambda's from the runtime's. */
const OUT_DIR = path.join(projectRoot, 'node_modules', '.cache', 'cold-start');

/**
 * The esbuild options CDK's NodejsFunction derives from `bundling` (aws-lambda-nodejs/lib/bundling.js,
 * buildEsbuildArgs). An option added to FunctionBundling has no translation here yet, so it stops the
 * benchmark rather than silently measuring other bundles than a deployment ships.
 */
export function esbuildOptions(bundling: FunctionBundling): BuildOptions {
  const { format, target, sourceMap, minify, mainFields, banner, externalModules, ...untranslated } = bundling;
  const unknown = Object.keys(untranslated);
  if (unknown.length > 0) throw new Error(`bench/cold-start.ts does not translate the bundling option(s) ${unknown.join(', ')} for esbuild`);
  return { bundle: true, platform: 'node', format, target, minify, sourcemap: sourceMap, mainFields: [...mainFields], banner: { js: banner }, external: [...externalModules] };
}

export interface StackFunction {
  name: string;
  /** The handler module, relative to the project root; undefined for the empty handler. */
  entry?: string;
  environment: Record<string, string>;
}

/** The stack's functions as the synthesized template has them (the same list CDK deploys), environments resolved to dummy values. */
export function stackFunctions(): StackFunction[] {
  const template = stackTemplate();
  // The parameters are the outside services' base URLs: modules read them at import, and nothing calls them then.
  const parameters = Object.fromEntries(Object.keys(template.Parameters ?? {}).map((name) => [name, `https://${name.toLowerCase()}.invalid`]));
  const local = new LocalTemplate(template, REGION, '', parameters);
  return local.resourcesOfType('AWS::Lambda::Function').flatMap(([name, resource]) => {
    const entry = resource.Metadata?.[ENTRY_METADATA];
    if (typeof entry !== 'string') return [];
    const props = local.resolve(resource.Properties ?? {}) as { Environment?: { Variables?: Record<string, string> } };
    return [{ name: constructIdOf(name), entry, environment: props.Environment?.Variables ?? {} }];
  });
}

/** What the Lambda runtime sets before it loads a handler; credentials are dummies since nothing may call AWS at import. */
function lambdaEnvironment(fn: StackFunction): Record<string, string> {
  return {
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_ACCESS_KEY_ID: 'AKIDCOLDSTARTBENCH',
    AWS_SECRET_ACCESS_KEY: 'cold-start-bench',
    AWS_SESSION_TOKEN: 'cold-start-bench',
    TZ: ':UTC',
    ...fn.environment,
  };
}

interface Bundle {
  file: string;
  bytes: number;
  /** index.mjs and its source map, each deflated: about what the deployment zip holds. */
  zippedBytes: number;
  metafile: Metafile;
  /** Packages the bundle leaves to the runtime: loaded at init, yet not in the bundle's size. */
  external: string[];
}

async function bundle(name: string, entryPoint: string): Promise<Bundle> {
  const dir = path.join(OUT_DIR, name);
  const file = path.join(dir, 'index.mjs');
  const result = await build({ ...esbuildOptions(BUNDLING), entryPoints: [entryPoint], outfile: file, absWorkingDir: projectRoot, metafile: true, logLevel: 'warning' });
  const zippedBytes = [file, `${file}.map`].reduce((sum, part) => sum + gzipSync(readFileSync(part)).length, 0);
  const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
  const external = [...new Set(imports.filter((imported) => imported.external && !imported.path.startsWith('node:')).map((imported) => imported.path))].sort();
  return { file, bytes: statSync(file).size, zippedBytes, metafile: result.metafile, external };
}

/**
 * Runs in a fresh Node process: the time `import` takes is the module init Lambda's INIT phase spends on the
 * handler. Socket connections opened at import are counted, since init must not call anything.
 */
const RUNNER = `
import { subscribe } from 'node:diagnostics_channel';
let connections = 0;
for (const channel of ['net.client.socket', 'undici:client:beforeConnect']) subscribe(channel, () => connections++);
const started = performance.now();
const module = await import(process.argv[1]);
const initMs = performance.now() - started;
await new Promise((resolve) => setTimeout(resolve, 20));
process.stdout.write(JSON.stringify({ initMs, handler: typeof module.handler, connections }));
process.exit(0);
`;

function initOnce(file: string, environment: Record<string, string>): number {
  const child = spawnSync(process.execPath, ['--input-type=module', '--eval', RUNNER, file], { env: environment, encoding: 'utf8' });
  // The end of stderr only: a minified bundle's error quotes its one long line.
  if (child.status !== 0) throw new Error(`loading ${file} failed (${child.status}): …${child.stderr.slice(-2_000)}`);
  const outcome = JSON.parse(child.stdout) as { initMs: number; handler: string; connections: number };
  if (outcome.handler !== 'function') throw new Error(`${file} does not export a handler`);
  if (outcome.connections > 0) throw new Error(`${file} opened ${outcome.connections} connection(s) at import`);
  return outcome.initMs;
}

export interface Measured {
  name: string;
  entry?: string;
  bytes: number;
  zippedBytes: number;
  external: string[];
  initMs: number[];
}

export interface ColdStartResult {
  runs: number;
  /** The machine's one-minute load average as the loads began: others' work slows every load alike, and shows here. */
  loadAverage: number;
  empty: Measured;
  functions: Measured[];
  /** The biggest bundle's largest parts, from esbuild's metafile. */
  biggest: { name: string; sources: Array<{ source: string; bytes: number }> };
}

/** An input under node_modules as its package (the innermost, where packages nest); project files as themselves. */
export function sourceOf(input: string): string {
  const match = /^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match?.[1] ?? input;
}

/** The output's bytes by package, largest first. */
export function topSources(metafile: Metafile, count: number): Array<{ source: string; bytes: number }> {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      bytes.set(sourceOf(input), (bytes.get(sourceOf(input)) ?? 0) + bytesInOutput);
    }
  }
  return [...bytes].map(([source, size]) => ({ source, bytes: size })).sort((a, b) => b.bytes - a.bytes).slice(0, count);
}

export async function benchColdStart(options: { runs: number; log: (line: string) => void }): Promise<ColdStartResult> {
  const { runs, log } = options;
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const emptyEntry = path.join(OUT_DIR, 'empty-handler.ts');
  writeFileSync(emptyEntry, 'export const handler = async () => ({});\n');
  const targets: StackFunction[] = [{ name: EMPTY, environment: { ...BASE_ENVIRONMENT } }, ...stackFunctions()];
  const bundles = new Map<StackFunction, Bundle>();
  for (const target of targets) {
    bundles.set(target, await bundle(target.name.replace(/\W+/g, '-'), target.entry ? path.join(projectRoot, target.entry) : emptyEntry));
  }
  log(`Bundled ${targets.length - 1} functions and the empty handler into ${path.relative(projectRoot, OUT_DIR)}.`);
  const times = new Map<StackFunction, number[]>(targets.map((target) => [target, []]));
  const [loadAverage = Number.NaN] = loadavg();
  // One untimed load each first, so the timed loads meet the files in the page cache like each other.
  for (let run = 0; run <= runs; run++) {
    // Round by round, so a slow spell of the machine falls on every function alike.
    for (const target of targets) {
      const { file } = bundles.get(target) as Bundle;
      const initMs = initOnce(file, lambdaEnvironment(target));
      if (run > 0) times.get(target)?.push(initMs);
    }
    if (run > 0) log(`  run ${run} of ${runs}`);
  }
  const measured = targets.map((target): Measured => {
    const { bytes, zippedBytes, external } = bundles.get(target) as Bundle;
    return { name: target.name, entry: target.entry, bytes, zippedBytes, external, initMs: times.get(target) ?? [] };
  });
  const [empty, ...functions] = measured as [Measured, ...Measured[]];
  const [biggest] = [...bundles].sort(([, a], [, b]) => b.bytes - a.bytes) as [[StackFunction, Bundle]];
  return { runs, loadAverage, empty, functions, biggest: { name: biggest[0].name, sources: topSources(biggest[1].metafile, 5) } };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ratio = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)}×`;

/** The section of bench/RESULTS.md: functions sorted by median init, slowest first, each beside the empty handler. */
export function coldStartSection(result: ColdStartResult, machine: string, date: string): string {
  const { empty } = result;
  const median = (m: Measured) => percentile(m.initMs, 50);
  const sorted = [...result.functions].sort((a, b) => median(b) - median(a));
  const row = (m: Measured, bold: boolean) => {
    const name = m.entry ? `${m.name} (\`${m.entry}\`)` : m.name;
    const cells = [name, kib(m.bytes), kib(m.zippedBytes), ratio(m.bytes / empty.bytes), ms(median(m)), ms(percentile(m.initMs, 90)), ratio(median(m) / median(empty))];
    const external = m.external.map((pkg) => pkg.replace(/^@aws-sdk\//, '')).join(', ') || '—';
    return `| ${[...(bold ? cells.map((cell) => `**${cell}**`) : cells), external].join(' | ')} |`;
  };
  const heaviest = sorted[0];
  const smallest = [...result.functions].sort((a, b) => a.bytes - b.bytes)[0];
  const parts = result.biggest.sources.map(({ source, bytes }) => `\`${source}\` ${kib(bytes)}`).join(', ');
  return `## Cold-start proxy: bundle size and module init time

\`npm run bench -- --only cold-start --runs ${result.runs}\`. Machine: ${machine}, load average ${result.loadAverage.toFixed(1)} as the loads began. Date: ${date}.

Every function of the synthesized stack, bundled with esbuild with the options CDK bundles it with (\`BUNDLING\` in
\`cdk/app-function.ts\`: ESM, minified, node22, source map, \`@aws-sdk/*\` left to the runtime), beside an empty
handler (\`export const handler = async () => ({})\`) bundled the same way. **Init** is the time \`await import()\` of
the bundle takes in a fresh Node process, with the function's environment from the template (dummy table names and
ARNs, \`NODE_OPTIONS=--enable-source-maps\` as deployed) and the variables Lambda sets; the SDK packages the bundle
leaves out load from the project's node_modules, as in Lambda from the runtime's. Each bundle is loaded ${result.runs} times
(after one untimed load), round by round across all bundles; no load opened a connection. **Zipped** is the bundle and
its source map deflated, about what the deployment package holds. Ratios are against the empty handler of the same run.
This is a proxy: Lambda's INIT also starts the runtime, and its machine is not this one.

| function | bundle | zipped (with map) | size ÷ empty | init p50 | init p90 | init ÷ empty | SDK from the runtime (\`@aws-sdk/\`) |
| --- | --- | --- | --- | --- | --- | --- | --- |
${sorted.map((m) => row(m, m === heaviest)).join('\n')}
${row(empty, false)}

${heaviest ? `Slowest to load: **${heaviest.name}**, ${ratio(median(heaviest) / median(empty))} the empty handler's init.` : ''}
Biggest bundle: ${result.biggest.name}; its largest parts by bytes in the output: ${parts}.
${smallest ? `Smallest: ${smallest.name}, ${kib(smallest.bytes)}, ${ratio(median(smallest) / median(empty))} the empty handler's init${smallest.external.length ? `; it loads ${smallest.external.join(', ')} from the runtime, outside its size` : ''}.` : ''}
`;
}
