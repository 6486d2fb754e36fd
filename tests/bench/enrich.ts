import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '@/lib/cli/run';
import { drainQueue, type DrainResult } from '@/lib/enrich/drain';
import { getEnv } from '@/lib/env';
import { formatNumber } from '@/lib/format';
import { importInputs, parseInputs } from '@/lib/import/import-files';
import { openInputs } from '@/lib/import/node-files';
import { MUSICBRAINZ_INTERVAL_MS } from '@/lib/enrich/musicbrainz';
import { LISTENBRAINZ_INTERVAL_MS } from '@/lib/enrich/listenbrainz';
import { OEMBED_INTERVAL_MS } from '@/lib/spotify/oembed';
import { openConnectedDatabase, startFakes } from '../fakes/harness';
import { fakeMbid, mirrorMusicBrainz } from '../fakes/listenbrainz';
import { buildCatalog, type FakeCatalog } from '../fakes/spotify-catalog';
import { readArgs } from './args';
import { watchMachine } from './machine';

/**
 * `npm run bench:enrich [-- --artists 15000 --tracks 40000 --budget 800]`: a library imported
 * from an export (so artists are known by name until their tracks' credits name them), drained
 * against the fakes with no pacing and no latency, once within the daily budget and once with
 * SPOTIFY_DAILY_BUDGET at its maximum. Prints requests by service, tasks done and left, time,
 * and what the real services' pacing makes of those requests.
 */
const args = readArgs({ artists: 15_000, tracks: 40_000, budget: 800, unlimited: 100_000 });
const DAY = 86_400_000;
const ROWS_PER_FILE = 15_000;
const NO_PACING = { musicBrainzMs: 0, listenBrainzMs: 0, oEmbedMs: 0 };
const GENRES = ['shoegaze', 'post-punk', 'indie rock', 'ambient', 'techno', 'jazz', 'hip hop', 'dream pop'];
const LABELS = { track_art: 'track covers', artist: 'artist pictures', artist_genres: "artists' genres", track: 'track credits' } as const;

type Fakes = Awaited<ReturnType<typeof startFakes>>;

/** `tracks` tracks over `artists` artists: every artist has ⌊tracks/artists⌋, the first ones one more. */
function buildLibrary(fakes: Fakes): FakeCatalog {
  const perArtist = Math.floor(args.tracks / args.artists);
  const catalog = buildCatalog(args.artists, perArtist);
  const ids = [...catalog.artists.keys()];
  for (let a = 0; a < args.tracks - perArtist * args.artists; a++) {
    catalog.addTrack({
      id: `track${String(a * 1000 + perArtist).padStart(17, '0')}`,
      name: `Song ${a}.${perArtist}`,
      durationMs: 200_000,
      artistIds: [ids[a]!],
      album: {
        id: `album${String(a * 10).padStart(17, '0')}`,
        name: `Album ${a}.0`,
        artistId: ids[a]!,
        imageUrl: `https://i.scdn.co/image/album-${a}-0`,
      },
    });
  }
  // MusicBrainz knows 24 artists in 25; ListenBrainz lists 49 in 50 of those, MusicBrainz answers the rest one by one.
  ids.forEach((spotifyId, a) => {
    if (a % 25 === 24) return;
    const artist = {
      mbid: fakeMbid(`artist:${spotifyId}`),
      spotifyId,
      genres: [
        { name: GENRES[a % GENRES.length]!, count: 5 },
        { name: GENRES[(a * 3) % GENRES.length]!, count: 3 },
      ],
    };
    fakes.musicBrainz.add(artist);
    if (a % 50 !== 10) fakes.listenBrainz.add(mirrorMusicBrainz(artist));
  });
  // ListenBrainz's lookup knows the recordings of the artists it lists: how the artists an
  // export names without any id find their MusicBrainz id (and so their genres) before credits.
  const indexOf = new Map(ids.map((id, a) => [id, a]));
  for (const track of catalog.tracks.values()) {
    const a = indexOf.get(track.album.artistId)!;
    if (a % 25 === 24 || a % 50 === 10) continue;
    const artistName = catalog.artists.get(track.album.artistId)!.name;
    fakes.listenBrainz.addRecording({
      artistName,
      recordingName: track.name,
      recordingMbid: fakeMbid(`recording:${track.id}`),
      releaseMbid: fakeMbid(`release:${track.album.id}`),
      releaseName: track.album.name,
      artistMbids: [fakeMbid(`artist:${track.album.artistId}`)],
      artistCreditName: artistName,
    });
  }
  return catalog;
}

/** An export of the whole library, a long tail of plays: the track of rank r has ⌊2000 / (r + 1)⌋ of them, at least one. */
function writeExport(catalog: FakeCatalog, folder: string): number {
  const trackIds = [...catalog.tracks.keys()];
  let at = Date.now() - 400 * DAY;
  const rows = trackIds.flatMap((id, i) => {
    const rank = (i * 7919) % trackIds.length;
    return Array.from({ length: Math.max(1, Math.floor(2_000 / (rank + 1))) }, () => catalog.exportRow(id, (at += 600_000)));
  });
  for (let start = 0, n = 0; start < rows.length; start += ROWS_PER_FILE, n++) {
    writeFileSync(path.join(folder, `Streaming_History_Audio_${n}.json`), JSON.stringify(rows.slice(start, start + ROWS_PER_FILE)));
  }
  return rows.length;
}

function resetCounts(fakes: Fakes): void {
  fakes.spotify.requests = [];
  fakes.musicBrainz.requests = [];
  fakes.musicBrainz.throttled = 0;
  fakes.listenBrainz.requests = [];
  fakes.listenBrainz.throttled = 0;
}

const n = formatNumber;
const byKind = (counts: Record<keyof typeof LABELS, number>) =>
  (Object.keys(LABELS) as (keyof typeof LABELS)[])
    .filter((kind) => counts[kind] > 0)
    .map((kind) => `${n(counts[kind])} ${LABELS[kind]}`)
    .join(' · ') || 'nothing';

function span(ms: number): string {
  if (ms < 90_000) return `${(ms / 1000).toFixed(0)} s`;
  if (ms < 5_400_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** What the real services' rules make of these requests: oEmbed 250 ms apart, MusicBrainz and ListenBrainz 1/s each (interleaved), `budget` credits a day. */
function realPace(fakes: Fakes, result: DrainResult): string {
  const musicBrainz = fakes.musicBrainz.requests.length;
  const listenBrainz = fakes.listenBrainz.requests.length;
  const genresMs = Math.max(musicBrainz * MUSICBRAINZ_INTERVAL_MS, listenBrainz * LISTENBRAINZ_INTERVAL_MS);
  const artworkMs = fakes.spotify.count('oembed') * OEMBED_INTERVAL_MS;
  const credits = fakes.spotify.count('tracks');
  const left = result.queue.find((row) => row.kind === 'track')!.due;
  const days = (tasks: number) => Math.ceil(tasks / args.budget);
  const creditsText =
    left > 0
      ? `${n(credits)} credits today, the ${n(left)} left ${days(left)} more days at ${n(args.budget)}/day`
      : `credits ${days(credits)} days at ${n(args.budget)}/day`;
  return `genres ≈ ${span(genresMs)}, artwork ≈ ${span(artworkMs)} of run time (≈ ${span(genresMs + artworkMs)} together), ${creditsText}`;
}

function report(label: string, fakes: Fakes, result: DrainResult, time: { cpuSeconds: number; machine: string }): void {
  const { spotify, musicBrainz, listenBrainz } = fakes;
  const waiting = Object.fromEntries(result.queue.map((row) => [row.kind, row.total - row.due])) as Record<keyof typeof LABELS, number>;
  const due = Object.fromEntries(result.queue.map((row) => [row.kind, row.due])) as Record<keyof typeof LABELS, number>;
  const links = musicBrainz.requests.filter((r) => r.kind === 'url-batch').reduce((sum, r) => sum + r.resources, 0);
  const artistsAsked = listenBrainz.requests.reduce((sum, r) => sum + r.mbids, 0);
  console.log(`\n${label} — stopped: ${result.stop}, ${(result.elapsedMs / 1000).toFixed(1)} s`);
  console.log(
    `  Spotify Web API  GET /tracks/{id} ${n(spotify.count('tracks'))} · GET /artists/{id} ${n(spotify.count('artists'))} · token refreshes ${n(spotify.count('token'))}`,
  );
  console.log(`  Spotify oEmbed   ${n(spotify.count('oembed'))}`);
  console.log(
    `  MusicBrainz      URL batches ${n(musicBrainz.count('url-batch'))} (${n(links)} links) · URL one by one ${n(musicBrainz.count('url-single'))} · artist one by one ${n(musicBrainz.count('artist'))} · throttled ${musicBrainz.throttled}`,
  );
  console.log(
    `  ListenBrainz     ${n(listenBrainz.requests.length)} calls (${n(artistsAsked)} artists) · throttled ${listenBrainz.throttled}`,
  );
  console.log(`  done             ${byKind(result.done)}`);
  console.log(`  left, due        ${byKind(due)}; waiting for a retry (failed or not found): ${byKind(waiting)}`);
  console.log(
    `  time             ${time.cpuSeconds.toFixed(1)} s of CPU time (this process: drain, fakes and SQLite); the drain took ${time.machine}`,
  );
  console.log(`  at the real services' pace: ${realPace(fakes, result)}`);
  const counted = result.requests;
  const atFakes = {
    spotify: spotify.count('tracks') + spotify.count('artists'),
    oEmbed: spotify.count('oembed'),
    musicBrainz: musicBrainz.requests.length,
    listenBrainz: listenBrainz.requests.length,
  };
  if (JSON.stringify(counted) !== JSON.stringify(atFakes))
    console.log(`  note: the drain counted ${JSON.stringify(counted)}, the fakes ${JSON.stringify(atFakes)}`);
}

async function scenario(label: string, fakes: Fakes, folder: string, budget: number): Promise<void> {
  const test = await openConnectedDatabase(fakes.spotify);
  try {
    const imported = performance.now();
    const summary = await importInputs(test.db, parseInputs(await openInputs([folder], { read: 0, total: 0 })), {
      timeZone: 'UTC',
      now: Date.now(),
    });
    console.log(
      `\nImported ${n(summary.playsAdded)} plays in ${((performance.now() - imported) / 1000).toFixed(1)} s; draining with SPOTIFY_DAILY_BUDGET=${n(budget)} …`,
    );
    resetCounts(fakes);
    const machine = watchMachine();
    const cpu = process.cpuUsage();
    let lastLine = performance.now();
    const result = await drainQueue({
      db: test.db,
      env: { ...getEnv(), SPOTIFY_DAILY_BUDGET: budget },
      intervals: NO_PACING,
      retry: { baseBackoffMs: 5 },
      onProgress: (progress) => {
        if (performance.now() - lastLine < 30_000) return;
        lastLine = performance.now();
        console.log(`  … ${(progress.elapsedMs / 1000).toFixed(0)} s: ${byKind(progress.done)} (${progress.phase})`);
      },
    });
    const { user, system } = process.cpuUsage(cpu);
    report(label, fakes, result, { cpuSeconds: (user + system) / 1e6, machine: machine() });
  } finally {
    test.close();
  }
}

runCli(async () => {
  const fakes = await startFakes();
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-enrich-'));
  try {
    fakes.musicBrainz.minIntervalMs = 0;
    fakes.listenBrainz.limit = 1_000_000_000;
    fakes.spotify.catalog = buildLibrary(fakes);
    const rows = writeExport(fakes.spotify.catalog, folder);
    console.log(
      `Library: ${n(args.artists)} artists, ${n(fakes.spotify.catalog.tracks.size)} tracks, an export of ${n(rows)} rows; MusicBrainz knows ${n(fakes.musicBrainz.artists.size)} artists, ListenBrainz ${n(fakes.listenBrainz.artists.size)}.`,
    );
    await scenario(`(a) within the budget (${n(args.budget)} requests in 24 h)`, fakes, folder, args.budget);
    await scenario(`(b) without a budget (SPOTIFY_DAILY_BUDGET=${n(args.unlimited)})`, fakes, folder, args.unlimited);
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await fakes.close();
  }
});
