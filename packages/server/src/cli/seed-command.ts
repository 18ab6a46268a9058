// `npm run seed -- --events 10000000 --days 90 [--data-dir ./data] [--project-key phc_…]`
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { seedDemoData } from '../storage/duckdb/seed/seed-demo-data.ts';
import { CliError } from './cli-error.ts';
import { formatRate, progressBar } from './progress-bar.ts';
import { runCli } from './run-cli.ts';

const positiveInt = (name: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n <= 0)
    throw new CliError('INVALID_ARGUMENTS', `--${name} must be a positive integer.`);
  return n;
};

const USAGE = `Usage: npm run seed -- [--events N] [--days D] [--data-dir DIR] [--project-key phc_…]

Writes TimeTracker-like demo data into the DuckDB file of a stopped server.
  --events N          events to write (default 1000000)
  --days D            spread over the last D days, ending now (default 90)
  --data-dir DIR      data folder (default SIGNPOST_DATA_DIR, else ./data)
  --project-key KEY   fill the project with this phc_ key (default SIGNPOST_PROJECT_API_KEY, else the first
                      project; an empty folder gets a new project whose keys are printed)
A new project's personal key is SIGNPOST_PERSONAL_API_KEY when set, so a following \`npm start\` accepts it.
`;

runCli(async () => {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      days: { type: 'string' },
      'data-dir': { type: 'string' },
      'project-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const config = loadConfig();
  const events = positiveInt('events', values.events, 1_000_000);
  const days = positiveInt('days', values.days, 90);
  const dataDir = values['data-dir'] ?? config.dataDir;
  const bar = progressBar('seeding', events);
  const started = performance.now();
  const summary = await seedDemoData({
    dataDir,
    events,
    days,
    projectKey: values['project-key'] ?? config.projectApiKey,
    personalKey: config.personalApiKey,
    onProgress: (written) => bar.update(written),
    announce: (lines) => process.stdout.write(`${lines.join('\n')}\n`),
  });
  bar.finish();
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `Seeded ${summary.events.toLocaleString('en-US')} events (${summary.users} users, ${summary.installations} installations, ` +
      `${days} days) into project ${summary.projectId} at ${dataDir} in ${seconds.toFixed(1)} s ` +
      `(${formatRate(summary.events / seconds)} events/s).\n`,
  );
});
