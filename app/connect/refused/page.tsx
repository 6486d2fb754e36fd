import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Login refused' };

export default function RefusedPage() {
  return (
    <section
      role="alert"
      className="mx-auto mt-16 max-w-xl rounded-2xl border border-amber-300 bg-amber-50 p-6 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
      data-testid="login-refused"
    >
      <h1 className="text-2xl font-bold">This site belongs to someone else</h1>
      <p className="mt-3">
        Only its owner’s Spotify account can log in here. Your login was refused and nothing of your account — no name, no token — was
        stored.
      </p>
      <Link href="/" className="mt-6 inline-block font-medium underline">
        Back to the overview
      </Link>
    </section>
  );
}
