import type { AccountMusicRow, AccountPodcastRow, ExtendedRow } from './schema';

/**
 * The identity of an export row: two rows are the same stream only when they agree in every
 * field that is not personal. An offline session synced at once gives several rows of one
 * track ending in the same second (each with its own offline_timestamp, reasons and length);
 * each is a stream of its own. Stored on the play (plays.stream_key), so importing the same
 * files again finds every row it already holds, whatever else ended in that second.
 *
 * A 53-bit hash (cyrb53) of the fields, not the fields themselves: one integer column and one
 * comparison. Keys are only ever compared among plays ending within a minute or so of each
 * other, where two different rows sharing a hash has a chance of about one in 10^15.
 */
export function hashStreamFields(fields: readonly (string | number | boolean | null | undefined)[]): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (word: number) => {
    h1 = Math.imul(h1 ^ word, 2654435761);
    h2 = Math.imul(h2 ^ word, 1597334677);
  };
  // Each field mixes in a tag of its type and then its value, with no string built per field
  // (that doubled the cost of an import's classification): null and a missing field say the
  // same (nothing); false, 0 and '' each say something.
  for (const field of fields) {
    if (field === null || field === undefined) mix(0);
    else if (typeof field === 'boolean') mix(field ? 1 : 2);
    else if (typeof field === 'number' && Number.isSafeInteger(field) && field >= 0) {
      mix(3);
      mix(field % 4294967296);
      mix(Math.floor(field / 4294967296));
    } else {
      const text = String(field);
      mix(4);
      mix(text.length);
      for (let i = 0; i < text.length; i++) mix(text.charCodeAt(i));
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * An extended row's identity: its end, what was played (the URI; the names only when a row
 * has none) and how (length, offline, offline_timestamp, reasons, shuffle, skipped, platform).
 */
export function extendedStreamKey(row: ExtendedRow, uri: string | null): number {
  return hashStreamFields([
    'extended',
    row.ts,
    uri,
    uri ? null : row.master_metadata_album_artist_name,
    uri ? null : row.master_metadata_track_name,
    row.ms_played,
    row.offline,
    row.offline_timestamp,
    row.reason_start,
    row.reason_end,
    row.shuffle,
    row.skipped,
    row.platform,
  ]);
}

/** Account data says only who, what, the minute it ended and for how long: all four make the stream. */
export function accountMusicStreamKey(row: AccountMusicRow): number {
  return hashStreamFields(['account', row.endTime, row.artistName, row.trackName, row.msPlayed]);
}

export function accountPodcastStreamKey(row: AccountPodcastRow): number {
  return hashStreamFields(['account-podcast', row.endTime, row.podcastName, row.episodeName, row.msPlayed]);
}
