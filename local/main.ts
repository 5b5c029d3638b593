import { LocalCloud } from './cloud.js';

const HELP = `npm start — runs the after-sales product on this machine (the local cloud).

Environment:
  PORT         HTTP port (default 3000)
  HOST         address to listen on (default 127.0.0.1)
  DATA_DIR     where data, executions and the clock are kept across restarts (default .data/)
  ADMIN_TOKEN  bearer token of the admin API (default local-admin)
  CLOCK_START  ISO time the local clock starts at on a fresh DATA_DIR (default: now)
`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(HELP);
  process.exit(0);
}

const clockStart = process.env.CLOCK_START ? new Date(process.env.CLOCK_START) : undefined;
if (clockStart && Number.isNaN(clockStart.getTime())) {
  process.stderr.write(`CLOCK_START "${process.env.CLOCK_START}" is not an ISO time\n`);
  process.exit(2);
}

process.stdout.write('starting the local cloud (DynamoDB Local, tables, functions, state machines)…\n');
const cloud = await LocalCloud.start({
  dataDir: process.env.DATA_DIR ?? '.data',
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '127.0.0.1',
  adminToken: process.env.ADMIN_TOKEN ?? 'local-admin',
  ...(clockStart ? { clockStart } : {}),
});
process.stdout.write(`admin token: ${cloud.adminToken}\nclock: ${new Date(cloud.clock.now()).toISOString()}\n`);
process.stdout.write(`ready ${cloud.baseUrl}\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('stopping; waits and their deadlines are kept in the data directory\n');
    void cloud.stop().then(() => process.exit(0));
  });
}
