import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth';
import { withRequestOrigin } from '@/lib/auth-request';

// Next turns 127.0.0.1 into localhost in request URLs; Spotify accepts only 127.0.0.1 loopback
// redirects, so Auth.js gets the URL the browser really used.
export const GET = (request: NextRequest) => withRequestOrigin(request).then(handlers.GET);
export const POST = (request: NextRequest) => withRequestOrigin(request).then(handlers.POST);
