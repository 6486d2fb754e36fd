'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'Overview' },
  { href: '/tracks', label: 'Tracks' },
  { href: '/artists', label: 'Artists' },
  { href: '/albums', label: 'Albums' },
  { href: '/genres', label: 'Genres' },
  { href: '/history', label: 'History' },
];

/** Keeps the chosen range and metric when moving between pages. */
function carriedQuery(params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const name of ['range', 'from', 'to', 'by']) {
    const value = params.get(name);
    if (value) kept.set(name, value);
  }
  const text = kept.toString();
  return text ? `?${text}` : '';
}

export function NavLinks() {
  const pathname = usePathname();
  const query = carriedQuery(new URLSearchParams(useSearchParams().toString()));
  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap gap-1 text-sm">
        {LINKS.map((link) => {
          const active = link.href === '/' ? pathname === '/' : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link
                href={`${link.href}${query}`}
                aria-current={active ? 'page' : undefined}
                className={`rounded-full px-3 py-1.5 font-medium transition-colors ${
                  active
                    ? 'bg-zinc-900 text-white dark:bg-white dark:text-zinc-900'
                    : 'text-zinc-700 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-800'
                }`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
