import { DetailPage } from '@/components/stats/detail-page';
import type { SearchParams } from '@/lib/range';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

export default function AlbumPage({ params, searchParams }: Props) {
  return <DetailPage kind="album" params={params} searchParams={searchParams} />;
}
