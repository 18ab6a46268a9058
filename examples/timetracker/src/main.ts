import { loadConfig } from './config.ts';
import { startTimetracker } from './timetracker.ts';
import { TimetrackerError } from './timetracker-error.ts';

try {
  const config = loadConfig();
  const app = await startTimetracker(config);
  console.log(`TimeTracker on ${app.url} (analytics: ${config.sdk} → ${config.analyticsHost})`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app.stop().then(() => process.exit(0));
    });
  }
} catch (error) {
  if (error instanceof TimetrackerError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
