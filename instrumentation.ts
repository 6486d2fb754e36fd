/** Validates the configuration as the server starts, so a bad value fails loudly at once. */
export async function register() {
  const { getEnv } = await import('./lib/env');
  getEnv();
}
