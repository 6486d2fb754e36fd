import { corsPreflight, respondWithTopList } from '@/lib/api/stats-api';

export async function GET(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  const { kind } = await params;
  return respondWithTopList(new URL(request.url), kind);
}

export const OPTIONS = corsPreflight;
