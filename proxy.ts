import { NextResponse } from 'next/server';
import { resolveOwnerSession } from '@/lib/auth';

/**
 * /status and /import are the owner's alone; anyone else gets a real 404 (a page can no longer change its
 * status once it streams). The page checks again itself: this is not the only guard.
 */
export async function proxy(request: Request) {
  if (await resolveOwnerSession()) return NextResponse.next();
  return NextResponse.rewrite(new URL('/status/not-owner', request.url), { status: 404 });
}

export const config = { matcher: ['/status', '/import'] };
