import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { consolePage } from '../console-page.js';

/**
 * `npm run console:site [-- <folder>]`: the console as one static file, to host beside the deployed API (an S3 bucket
 * behind CloudFront, or any static host); the page asks for the API's address and signs in through the user pool.
 */
const folder = path.resolve(process.argv[2] ?? 'dist/console');
await mkdir(folder, { recursive: true });
await writeFile(path.join(folder, 'index.html'), await consolePage());
process.stdout.write(`wrote ${path.join(folder, 'index.html')}\n`);
