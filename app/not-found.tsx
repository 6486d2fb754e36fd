import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="mx-auto mt-16 max-w-md text-center">
      <h1 className="text-3xl font-bold">Not found</h1>
      <p className="mt-3 text-zinc-700 dark:text-zinc-300">There is nothing at this address.</p>
      <Link href="/" className="mt-6 inline-block font-medium underline">
        Back to the overview
      </Link>
    </section>
  );
}
