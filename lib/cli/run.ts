import { EnvError } from '@/lib/env';

/** Runs a command-line entry point: errors become one clear line and a non-zero exit. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof EnvError) {
      console.error(error.message);
    } else {
      console.error(error instanceof Error ? `Error: ${error.message}` : error);
    }
    process.exitCode = 1;
  });
}
