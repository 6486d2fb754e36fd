import { DetailPage } from '@/components/stats/detail-page';
import type { SearchParams } from '@/lib/range';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

export default function GenrePage({ params, searchParams }: Props) {
  return <DetailPage kind="genre" params={params} searchParams={searchParams} />;
}
