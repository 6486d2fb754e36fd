import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ImportPanel } from '@/components/import/import-panel';
import { requireOwner } from '@/lib/auth';

export const metadata: Metadata = { title: 'Import history', robots: { index: false } };

/** The owner check itself; everything, the heading included, is inside it, so others see only "not found". */
async function OwnerImport() {
  await requireOwner();
  return (
    <>
      <h1 className="text-2xl font-bold">Import your Spotify history</h1>
      <p className="max-w-2xl text-sm text-zinc-700 dark:text-zinc-300">
        Request the “Extended streaming history” at spotify.com › Account › Privacy, then choose the zip it arrives as. The file is read
        here in your browser; only the streams are sent, a batch at a time. Importing the same export again adds nothing.
      </p>
      <ImportPanel />
    </>
  );
}

export default function ImportPage() {
  return (
    <div className="flex flex-col gap-6 pt-6">
      <Suspense fallback={<p>Loading…</p>}>
        <OwnerImport />
      </Suspense>
    </div>
  );
}
