import { DetailPage } from '@/components/stats/detail-page';
import type { SearchParams } from '@/lib/range';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

export default function TrackPage({ params, searchParams }: Props) {
  return <DetailPage kind="track" params={params} searchParams={searchParams} />;
}
