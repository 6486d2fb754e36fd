import { corsPreflight, respondWithOverview } from '@/lib/api/stats-api';

export async function GET(request: Request) {
  return respondWithOverview(new URL(request.url));
}

export const OPTIONS = corsPreflight;
