import { DetailPage } from '@/components/stats/detail-page';
import type { SearchParams } from '@/lib/range';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

export default function ArtistPage({ params, searchParams }: Props) {
  return <DetailPage kind="artist" params={params} searchParams={searchParams} />;
}
