import type { Metadata } from 'next';
import { Suspense } from 'react';
import { StatusPanel } from '@/components/owner/status-panel';

export const metadata: Metadata = { title: 'Pipeline status', robots: { index: false } };

/** Owner only: proxy.ts answers 404 to anyone else, and the panel checks again itself. */
export default function StatusPage() {
  return (
    <div className="flex flex-col gap-6 pt-6">
      <h1 className="text-2xl font-bold">Pipeline status</h1>
      <Suspense fallback={<p>Loading…</p>}>
        <StatusPanel />
      </Suspense>
    </div>
  );
}
