import Link from 'next/link';
import type { QueryError } from '@/lib/range';

export function EmptyLibrary() {
  return (
    <section className="mx-auto mt-10 max-w-xl rounded-2xl bg-white p-8 shadow-sm dark:bg-zinc-900" data-testid="empty-library">
      <h1 className="text-2xl font-bold">No listening history yet</h1>
      <p className="mt-3 text-zinc-700 dark:text-zinc-300">Nothing has been recorded in this database. There are two ways to fill it:</p>
      <ul className="mt-3 list-disc space-y-2 pl-6 text-zinc-700 dark:text-zinc-300">
        <li>
          <Link href="/connect" className="font-semibold underline">
            Connect Spotify
          </Link>{' '}
          as the owner: from then on every play is collected by the ingest job (see the README, “Connecting Spotify”).
        </li>
        <li>
          <strong>Import your history</strong> from Spotify’s privacy export (“Extended streaming history”): signed in as the owner, on the{' '}
          <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">/import</code> page, or with{' '}
          <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">npm run import -- my_spotify_data.zip</code>.
        </li>
      </ul>
      <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
        Just trying it out? <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">npm run demo</code> fills a local database with two
        years of made-up listening.
      </p>
    </section>
  );
}

export function InvalidQuery({ error, pathname }: { error: QueryError; pathname: string }) {
  return (
    <section
      role="alert"
      className="mx-auto mt-10 max-w-xl rounded-2xl border border-amber-300 bg-amber-50 p-6 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
      data-testid="invalid-query"
    >
      <h1 className="text-xl font-semibold">That period can’t be shown</h1>
      <p className="mt-2">{error.message}</p>
      <p className="mt-4">
        <Link href={pathname} className="font-medium underline">
          Show the last 4 weeks instead
        </Link>
      </p>
    </section>
  );
}

export function NoPlaysInRange() {
  return (
    <p className="rounded-xl bg-white p-6 text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300" data-testid="no-plays">
      No plays in this period. Pick a longer one above.
    </p>
  );
}
