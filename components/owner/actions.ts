'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { signIn, signOut } from '@/lib/auth';
import { getEnv } from '@/lib/env';
import { CLAIM_COOKIE, CLAIM_TTL_MS, createClaim, secretsMatch } from '@/lib/owner-claim';

/** Starts the Authorization Code flow; the callback decides who may log in. */
export async function connectSpotify(): Promise<void> {
  await signIn('spotify', { redirectTo: '/status' });
}

/** First login on a fresh deployment: only someone who knows CRON_SECRET may claim it. */
export async function claimAndConnect(formData: FormData): Promise<void> {
  const env = getEnv();
  const given = formData.get('secret');
  if (!env.CRON_SECRET || !env.AUTH_SECRET || typeof given !== 'string' || !secretsMatch(given, env.CRON_SECRET)) {
    redirect('/connect?error=secret');
  }
  const secure = (await headers()).get('x-forwarded-proto') === 'https';
  (await cookies()).set(CLAIM_COOKIE, createClaim(env.AUTH_SECRET, Date.now()), {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: CLAIM_TTL_MS / 1000,
  });
  await signIn('spotify', { redirectTo: '/status' });
}

export async function signOutOwner(): Promise<void> {
  await signOut({ redirectTo: '/' });
}
