'use client';

import Link from 'next/link';
import { useState } from 'react';
import { importInBrowser, type BrowserProgress } from '@/lib/import/browser-import';
import type { ImportSummary, WriteCounts } from '@/lib/import/summary';
import type { WebBatch } from '@/lib/import/web-batch';
import { ImportSummaryView } from './import-summary';

type State =
  | { phase: 'idle' }
  | { phase: 'running'; progress: BrowserProgress }
  | { phase: 'done'; summary: ImportSummary }
  | { phase: 'failed'; message: string };

async function postBatch(batch: WebBatch): Promise<WriteCounts> {
  const response = await fetch('/api/import', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(batch),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(`${batch.file}: the server refused a batch (HTTP ${response.status}${body.error ? `: ${body.error}` : ''})`);
  }
  return (await response.json()) as WriteCounts;
}

/** Reads the export in the browser and sends its rows in small batches (see importInBrowser). */
export function ImportPanel() {
  const [state, setState] = useState<State>({ phase: 'idle' });

  async function start(form: HTMLFormElement) {
    const input = form.elements.namedItem('files') as HTMLInputElement;
    const files = [...(input.files ?? [])];
    if (files.length === 0) return;
    setState({ phase: 'running', progress: { file: '', done: 0, total: 1, rowsSent: 0 } });
    try {
      const summary = await importInBrowser(files, { post: postBatch, onProgress: (progress) => setState({ phase: 'running', progress }) });
      setState({ phase: 'done', summary });
    } catch (error) {
      setState({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <div className="flex flex-col gap-6">
      <form
        className="flex flex-col gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          void start(event.currentTarget);
        }}
      >
        <label className="flex flex-col gap-1 text-sm font-medium">
          Export files (my_spotify_data.zip, or the JSON files in it)
          <input name="files" type="file" multiple accept=".zip,.json,application/zip,application/json" className="text-sm" />
        </label>
        <button
          type="submit"
          disabled={state.phase === 'running'}
          className="bg-accent self-start rounded-full px-4 py-2 text-sm font-semibold text-zinc-950 disabled:opacity-50"
        >
          Import
        </button>
      </form>
      {state.phase === 'running' && (
        <div className="flex flex-col gap-1 text-sm" aria-live="polite">
          <progress
            data-testid="import-progress"
            aria-label="Import progress"
            value={state.progress.done}
            max={state.progress.total}
            className="w-full"
          />
          <p>
            {state.progress.rowsSent.toLocaleString('en-US')} rows imported{state.progress.file ? ` · ${state.progress.file}` : ''}
          </p>
        </div>
      )}
      {state.phase === 'failed' && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {state.message}. Start the import again: rows already imported are recognised, not added twice.
        </p>
      )}
      {state.phase === 'done' && (
        <>
          <ImportSummaryView summary={state.summary} />
          <p className="text-sm">
            <Link href="/history" className="underline">
              See the history
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
