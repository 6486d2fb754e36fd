import { z } from 'zod';

const DATABASE_URL_PATTERN = /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/|:memory:$)/;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const PORT_MESSAGE = 'must be a port number, 1–65535';

const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

/** A base URL without its trailing slash, so paths can be appended as `${base}/path`. */
const baseUrl = (fallback: string) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default(fallback)
      .transform((url) => url.replace(/\/+$/, '')),
  );

const envSchema = z.object({
  TURSO_DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(DATABASE_URL_PATTERN, 'must be a libSQL URL: file:path, libsql://host, http(s)://host or :memory:')
      .default('file:./data/listening.db'),
  ),
  TURSO_AUTH_TOKEN: z.preprocess(emptyAsUndefined, z.string().optional()),
  SITE_TIMEZONE: z.preprocess(
    emptyAsUndefined,
    z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').default('UTC'),
  ),
  SITE_TITLE: z.preprocess(emptyAsUndefined, z.string().max(120).optional()),
  // Optional when parsed so builds and the demo work without it; requireAuthSecret() insists.
  AUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters (openssl rand -base64 33)').optional()),
  AUTH_SPOTIFY_ID: optionalString,
  AUTH_SPOTIFY_SECRET: optionalString,
  OWNER_SPOTIFY_ID: optionalString,
  CRON_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  SPOTIFY_ACCOUNTS_URL: baseUrl('https://accounts.spotify.com'),
  SPOTIFY_API_URL: baseUrl('https://api.spotify.com/v1'),
  // Spotify's oEmbed, where artwork comes from without spending the Web API's quota.
  SPOTIFY_OEMBED_URL: baseUrl('https://open.spotify.com'),
  MUSICBRAINZ_API_URL: baseUrl('https://musicbrainz.org/ws/2'),
  LISTENBRAINZ_API_URL: baseUrl('https://api.listenbrainz.org'),
  // Spotify requests enrichment may make in any 24 hours (lib/spotify/budget.ts). Polling is
  // apart from it: 96–288 a day. Apps report the quota after 1 100–2 600 requests a day.
  SPOTIFY_DAILY_BUDGET: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a whole number of requests' })
      .int('must be a whole number of requests')
      .min(0, 'must not be negative')
      .max(100_000, 'is far above any quota Spotify gives')
      .default(800),
  ),
  // The public address of the site: the MusicBrainz User-Agent's contact, and where
  // `npm run ingest` and `npm run import` ask the running site to refresh its cached pages
  // (unset: the local site, http://127.0.0.1:$PORT).
  SITE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  // The port `npm run demo` and `next start` serve on (next start reads it from the shell).
  PORT: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\d{1,5}$/, PORT_MESSAGE)
      .transform(Number)
      .pipe(z.number().min(1, PORT_MESSAGE).max(65535, PORT_MESSAGE))
      .optional(),
  ),
  // Vercel sets it when Protection Bypass for Automation is on: the site's warm-up of its own
  // pages after a change sends it (lib/warm-pages.ts), else Deployment Protection refuses it.
  VERCEL_AUTOMATION_BYPASS_SECRET: optionalString,
  // "off": no background warm-up of the default pages after a change (lib/warm-pages.ts).
  WARM_PAGES: z.preprocess(emptyAsUndefined, z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).default('on')),
  ALERT_WEBHOOK_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'production', 'test']).default('development')),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(issues: z.core.$ZodIssue[]) {
    const lines = issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    super(`Invalid environment configuration:\n${lines.join('\n')}`);
    this.name = 'EnvError';
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) throw new EnvError(result.error.issues);
  return result.data;
}

let cached: Env | undefined;

/** Validated configuration; read lazily so scripts and tests can set variables first. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** AUTH_SECRET, which signs sessions and keys the token vault: only the Spotify features need it. */
export function requireAuthSecret(env: Env = getEnv()): string {
  if (!env.AUTH_SECRET) {
    throw new EnvError([
      { code: 'custom', path: ['AUTH_SECRET'], message: 'is required to connect Spotify (openssl rand -base64 33)', input: undefined },
    ]);
  }
  return env.AUTH_SECRET;
}
