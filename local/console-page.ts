import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const source = (file: string) => fileURLToPath(new URL(`./console/${file}`, import.meta.url));

async function buildPage(): Promise<string> {
  const [bundle, css] = await Promise.all([
    build({ entryPoints: [source('main.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent' }),
    readFile(source('console.css'), 'utf8'),
  ]);
  const script = bundle.outputFiles[0]?.text ?? '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>After-sales console</title>
<style>${css}</style>
</head><body><noscript>The console needs JavaScript.</noscript>
<script>${script}</script>
</body></html>`;
}

let page: Promise<string> | undefined;

/**
 * The admin console (`local/console/`): one self-contained page, its script bundled from TypeScript when it is
 * first asked for. It reads only the admin API (at the address entered on the page, this server unless told) and
 * the local routes where there are any, so the same file can be hosted apart from the local cloud.
 */
export function consolePage(): Promise<string> {
  page ??= buildPage().catch((error: unknown) => {
    page = undefined;
    throw error;
  });
  return page;
}
