import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SiteHeader } from '@/components/layout/site-header';
import { getEnv } from '@/lib/env';
import './globals.css';

export function generateMetadata(): Metadata {
  const title = getEnv().SITE_TITLE ?? 'Listening stats';
  return { title: { default: title, template: `%s · ${title}` }, description: 'What I listen to on Spotify.' };
}

export default function RootLayout({ children }: { children: React.ReactNode }) {
  const title = getEnv().SITE_TITLE ?? 'Listening stats';
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
          Skip to content
        </a>
        <Suspense fallback={<div className="h-28" />}>
          <SiteHeader title={title} />
        </Suspense>
        <main id="main" className="mx-auto max-w-6xl px-4 pb-16">
          {children}
        </main>
      </body>
    </html>
  );
}
