import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../cdk/app-function.js';

/** What bench/RESULTS.md records each figure beside, since figures from another machine or day are not comparable. */
export const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
export const today = () => new Date().toISOString().slice(0, 10);

const resultsFile = path.join(projectRoot, 'bench', 'RESULTS.md');

/** The file's sections in their order: each script keeps its own and leaves the others as they are. */
const SECTIONS = ['ingest', 'returns', 'sweep', 'audience', 'cold-start', 'load'] as const;
export type Section = (typeof SECTIONS)[number];

const HEADER = `# Benchmark results

Written by \`npm run bench\`; \`npm run bench -- --only ingest|returns|sweep|audience|cold-start\` rewrites one section and keeps the others.
\`npm run load\` adds an entry to its own section at each run.
`;
const marker = (section: Section, end: boolean) => `<!-- bench:${section}${end ? ':end' : ''} -->`;

/** A section as it stands in RESULTS.md now (also from the file's layout before sections were marked). */
export function readSection(section: Section): string | undefined {
  if (!existsSync(resultsFile)) return undefined;
  const text = readFileSync(resultsFile, 'utf8');
  const start = text.indexOf(marker(section, false));
  const end = text.indexOf(marker(section, true));
  if (start !== -1 && end > start) return text.slice(start + marker(section, false).length, end).trim();
  if (section !== 'ingest') return undefined;
  // The earlier layout: the ingest section only, its run's size, machine and date in the file's header.
  const legacy = /Written by `npm run bench` \((\d+) requests per measurement\)\. Machine: (.*?)\. Date: (\d{4}-\d{2}-\d{2})\./.exec(text);
  const heading = text.indexOf('## Webhook ingest');
  if (!legacy || heading === -1) return undefined;
  const body = text.slice(heading);
  const lineEnd = body.indexOf('\n');
  return `${body.slice(0, lineEnd)}\n\n${legacy[1]} requests per measurement. Machine: ${legacy[2]}. Date: ${legacy[3]}.${body.slice(lineEnd)}`.trim();
}

/** Rewrites one section of RESULTS.md and keeps the others. */
export function writeSection(section: Section, text: string): void {
  const sections = SECTIONS.map((name) => {
    const kept = name === section ? text.trim() : readSection(name);
    return kept ? `${marker(name, false)}\n${kept}\n${marker(name, true)}\n` : '';
  }).filter(Boolean);
  writeFileSync(resultsFile, `${HEADER}\n${sections.join('\n')}`);
}
