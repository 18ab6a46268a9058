import { loadConfig } from './config.ts';
import { ExperimentAdmin } from './experiment-admin.ts';
import { FlagAdmin } from './flag-admin.ts';
import { setupFlags } from './setup-flags.ts';
import { TimetrackerError } from './timetracker-error.ts';

// npm run setup-flags -w examples/timetracker (needs SIGNPOST_PROJECT_API_KEY and SIGNPOST_PERSONAL_API_KEY)
try {
  const config = loadConfig();
  if (!config.personalApiKey) {
    throw new TimetrackerError(
      'INVALID_CONFIG',
      'SIGNPOST_PERSONAL_API_KEY (phx_…) is needed to create flags.',
    );
  }
  const result = await setupFlags({
    flags: new FlagAdmin(config.analyticsHost, config.personalApiKey),
    experiments: new ExperimentAdmin(config.analyticsHost, config.personalApiKey),
  });
  console.log(`created: ${result.created.join(', ') || '(none)'}`);
  console.log(`experiments launched: ${result.launched.join(', ') || '(none)'}`);
  console.log(`already there (left unchanged): ${result.existing.join(', ') || '(none)'}`);
} catch (error) {
  if (!(error instanceof TimetrackerError)) throw error;
  console.error(`${error.code}: ${error.message}`);
  process.exit(1);
}
