/**
 * The fakes for the e2e run, on fixed ports, plus a fresh migrated database for the connected
 * site (data/e2e-auth.db). The listening timeline: five plays in the last hour before start.
 * GET /__admin/tokens lists every token the fake issued, so a spec can prove none is stored
 * in plaintext.
 *
 *   npx tsx --conditions=react-server tests/fakes/serve.ts
 */
import { rmSync } from 'node:fs';
import { createDatabase } from '@/db';
import { migrateDatabase } from '@/db/migrate';
import { AUTH_DB_PATH, E2E_USERS, FAKE_LISTENBRAINZ_PORT, FAKE_MUSICBRAINZ_PORT, FAKES_PORT } from './e2e-env';
import { FakeListenBrainz } from './listenbrainz';
import { FakeMusicBrainz } from './musicbrainz';
import { FakeSpotify } from './spotify';
import { buildCatalog } from './spotify-catalog';
import { backToBack } from './timeline';

async function main(): Promise<void> {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${AUTH_DB_PATH}${suffix}`, { force: true });
  const db = createDatabase(`file:./${AUTH_DB_PATH}`);
  await migrateDatabase(db);
  db.$client.close();

  const spotify = new FakeSpotify();
  spotify.catalog = buildCatalog(3, 4);
  // No artwork: the site would ask i.scdn.co for it, which a test machine cannot reach.
  for (const artist of spotify.catalog.artists.values()) delete artist.imageUrl;
  for (const track of spotify.catalog.tracks.values()) delete track.album.imageUrl;
  spotify.addUser(E2E_USERS.owner);
  spotify.addUser(E2E_USERS.stranger);
  spotify.plays = backToBack(spotify.catalog, 5, Date.now() - 60_000);
  spotify.now = Number.MAX_SAFE_INTEGER;
  await spotify.start(FAKES_PORT);
  const musicBrainz = new FakeMusicBrainz();
  musicBrainz.add({ mbid: 'mb-e2e-0', spotifyId: [...spotify.catalog.artists.keys()][0]!, genres: [{ name: 'dream pop', count: 3 }] });
  await musicBrainz.start(FAKE_MUSICBRAINZ_PORT);
  // Knows nobody: the one MusicBrainz artist's genres come through the one-by-one fallback.
  const listenBrainz = await new FakeListenBrainz().start(FAKE_LISTENBRAINZ_PORT);
  console.log(`fake Spotify on ${spotify.url}, fake MusicBrainz on ${musicBrainz.url}, fake ListenBrainz on ${listenBrainz.url}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
