import Link from 'next/link';
import { NavLinks } from './nav-links';

export function SiteHeader({ title }: { title: string }) {
  return (
    <header className="border-b border-zinc-200 bg-white/80 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/80">
      <div className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-4 sm:flex-row sm:items-center sm:justify-between">
        <Link href="/" className="text-xl font-bold tracking-tight">
          <span aria-hidden="true" className="text-accent mr-2">
            ●
          </span>
          <span className="name">{title}</span>
        </Link>
        <NavLinks />
      </div>
    </header>
  );
}
