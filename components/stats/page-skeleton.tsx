export function PageSkeleton() {
  return (
    <div className="animate-pulse py-6" aria-busy="true" aria-label="Loading">
      <div className="h-8 w-64 rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="h-20 rounded-xl bg-zinc-200 dark:bg-zinc-800" />
        ))}
      </div>
      <div className="mt-6 h-56 rounded-2xl bg-zinc-200 dark:bg-zinc-800" />
    </div>
  );
}
