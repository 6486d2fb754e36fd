import { getDb } from '@/db';
import { runIngest } from '@/lib/ingest/run';
import { prepareDatabase } from './migrate';
import { runCli } from './run';
import { loadEnvFiles, revalidateSite } from './site';

/** `npm run ingest`: one ingest run from the command line — the local alternative to cron. */
runCli(async () => {
  loadEnvFiles();
  await prepareDatabase();
  let changed = false;
  const result = await runIngest({ db: getDb(), trigger: 'cli', onDataChanged: () => void (changed = true) });
  console.log(JSON.stringify(result));
  if (changed) console.log(await revalidateSite());
  if (result.status === 'failed') process.exitCode = 1;
});
