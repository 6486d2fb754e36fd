import { firstEndingFrom, MINUTE_MATCH_MS, setAsideStoredStreams } from './merge';
import { nameKey } from '@/lib/names';
import type { EpisodeRow } from './types';

/** Account data names a podcast stream by show and episode, with no URI: its stand-in URI says so. */
export const ACCOUNT_EPISODE_URI_PREFIX = 'account-data:';

export type StoredEpisode = {
  id: number;
  uri: string;
  title: string | null;
  showName: string | null;
  endedAt: number;
  msPlayed: number;
  /** Null for episodes stored before stream keys: recognised by URI, end and length instead. */
  streamKey: number | null;
};

export type EpisodePlan = {
  inserts: EpisodeRow[];
  /** Account-data episodes replaced by the extended row of the same stream. */
  supersede: { row: EpisodeRow; id: number }[];
  /** Episodes stored before stream keys existed: they take the row's key. */
  claim: { row: EpisodeRow; id: number }[];
  /** Rows whose stream is stored already. */
  duplicates: number;
};

const fromAccount = (uri: string) => uri.startsWith(ACCOUNT_EPISODE_URI_PREFIX);
const names = (e: { showName: string | null; title: string | null }) => `${nameKey(e.showName ?? '')}\u001f${nameKey(e.title ?? '')}`;

/**
 * Podcast rows as music rows are merged (lib/import/merge.ts): a row whose key is stored is a
 * duplicate; an account-data row and an extended row of the same show and episode within a
 * minute are one stream (the extended row takes over the account-data one); each stored
 * episode pairs with at most one row, equal length first, then the closest.
 */
export function planEpisodes(rows: EpisodeRow[], stored: StoredEpisode[]): EpisodePlan {
  const plan: EpisodePlan = { inserts: [], supersede: [], claim: [], duplicates: 0 };
  const { pending, duplicates } = setAsideStoredStreams(rows, stored);
  plan.duplicates = duplicates;
  const order = stored.map((_, e) => e).sort((a, b) => stored[a]!.endedAt - stored[b]!.endedAt);
  const sorted = order.map((e) => stored[e]!);
  const pairs: { row: number; episode: number; rank: [number, number] }[] = [];
  pending.forEach((row, r) => {
    for (let i = firstEndingFrom(sorted, row.endedAt - MINUTE_MATCH_MS); i < sorted.length; i++) {
      const episode = sorted[i]!;
      const delta = Math.abs(episode.endedAt - row.endedAt);
      if (episode.endedAt > row.endedAt + MINUTE_MATCH_MS) break;
      const legacy = episode.streamKey === null && episode.uri === row.uri && delta === 0 && episode.msPlayed === row.msPlayed;
      if (legacy || (fromAccount(row.uri) !== fromAccount(episode.uri) && names(row) === names(episode))) {
        pairs.push({ row: r, episode: order[i]!, rank: [episode.msPlayed === row.msPlayed ? 0 : 1, delta] });
      }
    }
  });
  pairs.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.episode - b.episode || a.row - b.row);
  const usedRows = new Set<number>();
  const usedEpisodes = new Set<number>();
  for (const pair of pairs) {
    if (usedRows.has(pair.row) || usedEpisodes.has(pair.episode)) continue;
    usedRows.add(pair.row);
    usedEpisodes.add(pair.episode);
    const row = pending[pair.row]!;
    const episode = stored[pair.episode]!;
    if (episode.uri === row.uri) plan.claim.push({ row, id: episode.id });
    else if (fromAccount(episode.uri)) plan.supersede.push({ row, id: episode.id });
    if (episode.uri === row.uri || !fromAccount(episode.uri)) plan.duplicates++;
  }
  pending.forEach((row, r) => {
    if (!usedRows.has(r)) plan.inserts.push(row);
  });
  return plan;
}
