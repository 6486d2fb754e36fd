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
