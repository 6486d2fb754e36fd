import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ConnectPanel } from '@/components/owner/connect-panel';

export const metadata: Metadata = { title: 'Connect Spotify', robots: { index: false } };

type Props = { searchParams: Promise<{ error?: string | string[] }> };

export default function ConnectPage({ searchParams }: Props) {
  return (
    <section className="mx-auto mt-10 max-w-xl rounded-2xl bg-white p-8 shadow-sm dark:bg-zinc-900">
      <h1 className="text-2xl font-bold">Connect Spotify</h1>
      <Suspense fallback={<p className="mt-3">Loading…</p>}>
        <ConnectPanel searchParams={searchParams} />
      </Suspense>
    </section>
  );
}
