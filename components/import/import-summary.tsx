import { formatProblem, summaryLines, type ImportSummary } from '@/lib/import/summary';

/** The same summary the CLI prints, as a definition list, then each refused file's reasons. */
export function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  return (
    <section aria-labelledby="import-summary-heading" data-testid="import-summary" className="flex flex-col gap-3">
      <h2 id="import-summary-heading" className="text-lg font-semibold">
        Summary
      </h2>
      <dl className="grid grid-cols-[auto_auto] gap-x-6 gap-y-1 text-sm">
        {summaryLines(summary).map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
            <dd className="font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {summary.rejected.length > 0 && (
        <ul role="alert" className="list-disc pl-5 text-sm text-red-800 dark:text-red-300">
          {summary.rejected.map((problem, i) => (
            <li key={i}>{formatProblem(problem)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
