import { describe, expect, it } from 'vitest';
import type { Metafile } from 'esbuild';
import { coldStartSection, esbuildOptions, sourceOf, topSources, type ColdStartResult, type Measured } from '../../bench/cold-start.js';
import { BUNDLING, type FunctionBundling } from '../../cdk/app-function.js';

const measured = (name: string, bytes: number, initMs: number[], external: string[] = []): Measured => ({
  name,
  entry: `functions/${name.toLowerCase()}.ts`,
  bytes,
  zippedBytes: bytes / 2,
  external,
  initMs,
});

describe('cold-start proxy: bundling as CDK does', () => {
  it('gives esbuild the options CDK derives from the shared bundling options', () => {
    expect(esbuildOptions(BUNDLING)).toEqual({
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      sourcemap: true,
      mainFields: ['module', 'main'],
      banner: { js: BUNDLING.banner },
      external: ['@aws-sdk/*'],
    });
  });

  it('refuses a bundling option it has no translation for, rather than measure other bundles than CDK builds', () => {
    const withMore = { ...BUNDLING, keepNames: true } as FunctionBundling;
    expect(() => esbuildOptions(withMore)).toThrow(/keepNames/);
  });
});

describe('cold-start proxy: what a bundle is made of', () => {
  it('counts node_modules inputs by package, scoped or not, and project files by themselves', () => {
    expect(sourceOf('node_modules/zod/v4/core/schemas.js')).toBe('zod');
    expect(sourceOf('node_modules/@aws-lambda-powertools/logger/lib/esm/Logger.js')).toBe('@aws-lambda-powertools/logger');
    expect(sourceOf('node_modules/@middy/core/node_modules/x/index.js')).toBe('x');
    expect(sourceOf('functions/returns/steps.ts')).toBe('functions/returns/steps.ts');
  });

  it('sums the bytes in the output by package, largest first, and keeps the asked number', () => {
    const metafile: Metafile = {
      inputs: {},
      outputs: {
        'index.mjs': {
          bytes: 0,
          imports: [],
          exports: [],
          inputs: {
            'node_modules/zod/a.js': { bytesInOutput: 300 },
            'node_modules/zod/b.js': { bytesInOutput: 200 },
            'functions/a.ts': { bytesInOutput: 400 },
            'node_modules/@middy/core/index.js': { bytesInOutput: 100 },
          },
        },
      },
    };
    expect(topSources(metafile, 2)).toEqual([
      { source: 'zod', bytes: 500 },
      { source: 'functions/a.ts', bytes: 400 },
    ]);
  });
});

describe('cold-start proxy: the section of bench/RESULTS.md', () => {
  const result: ColdStartResult = {
    runs: 3,
    loadAverage: 1.25,
    empty: { name: 'empty handler', bytes: 100, zippedBytes: 80, external: [], initMs: [10, 12, 11] },
    functions: [measured('Light', 1_024, [20, 22, 21], ['@aws-sdk/client-dynamodb']), measured('Heavy', 51_200, [50, 70, 60], ['@aws-sdk/client-sfn'])],
    biggest: { name: 'Heavy', sources: [{ source: 'zod', bytes: 40_960 }] },
  };
  const section = coldStartSection(result, 'test machine', '2026-01-02');
  const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| function') && !line.startsWith('| ---'));

  it('lists the functions slowest first, in bold the slowest, and the empty handler last', () => {
    expect(rows.map((row) => row.split(' | ')[0])).toEqual(['| **Heavy (`functions/heavy.ts`)**', '| Light (`functions/light.ts`)', '| empty handler']);
  });

  it('puts each function beside the empty handler: size and median init as ratios, p90 of the init', () => {
    expect(rows[0]).toBe('| **Heavy (`functions/heavy.ts`)** | **50.0 KiB** | **25.0 KiB** | **512×** | **60.00 ms** | **70.00 ms** | **5.5×** | client-sfn |');
    expect(rows[1]).toBe('| Light (`functions/light.ts`) | 1.0 KiB | 0.5 KiB | 10.2× | 21.00 ms | 22.00 ms | 1.9× | client-dynamodb |');
    expect(rows[2]).toBe('| empty handler | 0.1 KiB | 0.1 KiB | 1.0× | 11.00 ms | 12.00 ms | 1.0× | — |');
  });

  it('names the machine, the date, the runs, the slowest and what the biggest bundle is made of', () => {
    expect(section).toContain('`npm run bench -- --only cold-start --runs 3`. Machine: test machine, load average 1.3 as the loads began. Date: 2026-01-02.');
    expect(section).toContain('Slowest to load: **Heavy**, 5.5× the empty handler');
    expect(section).toContain('Biggest bundle: Heavy; its largest parts by bytes in the output: `zod` 40.0 KiB.');
    expect(section).toContain('Smallest: Light, 1.0 KiB, 1.9× the empty handler\'s init; it loads @aws-sdk/client-dynamodb from the runtime');
  });
});
