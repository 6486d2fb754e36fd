'use client';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <section role="alert" className="mx-auto mt-16 max-w-md text-center">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="mt-3 text-zinc-700 dark:text-zinc-300">The stats could not be loaded. The database may be unreachable.</p>
      <button
        type="button"
        onClick={reset}
        className="mt-6 rounded-full bg-zinc-900 px-5 py-2 font-semibold text-white dark:bg-white dark:text-zinc-900"
      >
        Try again
      </button>
    </section>
  );
}
