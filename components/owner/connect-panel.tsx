import Link from 'next/link';
import { getOwnerSession } from '@/lib/auth';
import { getEnv } from '@/lib/env';
import { getOwnerAccountSummary } from '@/lib/owner';
import { claimAndConnect, connectSpotify } from './actions';

const ERRORS: Record<string, string> = {
  secret: 'That is not this deployment’s CRON_SECRET.',
  claim: 'This deployment has no owner yet: enter its CRON_SECRET first.',
};

const button = 'mt-4 inline-flex items-center rounded-full bg-accent-strong px-5 py-2 font-semibold text-white hover:opacity-90';

export async function ConnectPanel({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  const owner = await getOwnerSession();
  const { error } = await searchParams;
  const env = getEnv();
  const missing = (['AUTH_SECRET', 'AUTH_SPOTIFY_ID', 'AUTH_SPOTIFY_SECRET'] as const).filter((name) => !env[name]);
  if (missing.length > 0) {
    return <p className="mt-3">Set {missing.join(', ')} to connect Spotify (see the README, “Connecting Spotify”).</p>;
  }
  const stored = await getOwnerAccountSummary();
  const message = typeof error === 'string' ? (ERRORS[error] ?? 'The login did not complete. Try again.') : null;
  const alert = message && (
    <p
      role="alert"
      data-testid="connect-error"
      className="mt-3 rounded-lg bg-amber-50 p-3 text-amber-950 dark:bg-amber-950 dark:text-amber-100"
    >
      {message}
    </p>
  );
  if (!stored && !env.OWNER_SPOTIFY_ID && !env.CRON_SECRET) {
    return <p className="mt-3">This deployment has no owner yet. Set CRON_SECRET (or OWNER_SPOTIFY_ID) to claim it.</p>;
  }
  if (!stored && !env.OWNER_SPOTIFY_ID) {
    return (
      <>
        {alert}
        <p className="mt-3">This deployment has no owner yet. To claim it, enter its CRON_SECRET, then log in with Spotify.</p>
        <form action={claimAndConnect} className="mt-3 flex flex-col gap-2">
          <label htmlFor="secret" className="font-medium">
            CRON_SECRET
          </label>
          <input
            id="secret"
            name="secret"
            type="password"
            required
            autoComplete="off"
            className="rounded-lg border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-800"
          />
          <button type="submit" className={button}>
            Connect Spotify
          </button>
        </form>
      </>
    );
  }
  const reconnect = stored?.status === 'needs_reconnect';
  return (
    <>
      {alert}
      {owner ? (
        <p className="mt-3">
          Signed in as {owner.displayName ?? owner.spotifyUserId}.{' '}
          <Link href="/status" className="underline">
            Pipeline status
          </Link>
        </p>
      ) : (
        <p className="mt-3">Log in with the owner’s Spotify account. Any other account is refused.</p>
      )}
      {reconnect && <p className="mt-3 font-medium">Spotify needs you to log in again: ingestion is stopped until you do.</p>}
      <form action={connectSpotify}>
        <button type="submit" className={button}>
          {reconnect || owner ? 'Reconnect Spotify' : 'Connect Spotify'}
        </button>
      </form>
    </>
  );
}
