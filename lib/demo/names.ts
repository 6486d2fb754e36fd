import type { Random } from './random';

/** Invented names in many scripts, so the demo exercises accents, CJK, RTL and emoji. */
const LATIN_SYLLABLES = [
  'la',
  'mo',
  'ri',
  'ven',
  'ka',
  'so',
  'lé',
  'nø',
  'thu',
  'ara',
  'bel',
  'cor',
  'dî',
  'fen',
  'gar',
  'hú',
  'ix',
  'jo',
  'quel',
  'sæ',
  'tra',
  'zo',
  'mi',
  'ña',
];
const ARTIST_FORMS = ['{W}', '{W} {W}', 'The {W}s', '{W} & the {W}s', 'DJ {W}', '{W} Collective', 'Los {W}', '{W} Quartet'];
const TITLE_WORDS = [
  'Midnight',
  'Golden',
  'Echo',
  'River',
  'Neon',
  'Paper',
  'Glass',
  'Summer',
  'Ghost',
  'Velvet',
  'Wild',
  'Silver',
  'Morning',
  'Ocean',
  'Electric',
  'Quiet',
  'Lost',
  'Fire',
  'Heart',
  'Mirror',
  'Señal',
  'Café',
  'Sommar',
  'Nuit',
  'Straße',
  'Coração',
  'Été',
];
const TITLE_FORMS = ['{T}', '{T} {T}', 'The {T}', '{T} of {T}', '{T} (Remastered)', '{T} - Live', '{T} feat. {A}', 'Ode to {T}'];
const WORLD_ARTISTS = [
  '坂本星',
  'ヨルシカ夜',
  '새벽달',
  'Кино Север',
  'Ελένη Αστέρι',
  'فيروز الليل',
  'שירה כחולה',
  'अंधेरा राग',
  'Björk Sólveig',
  'Sigur Ósk',
  'Zoë Çelik',
  'Łukasz Żeński',
  'Mø Ænd',
  '🌙 Moonchild',
  'Ñandú',
  'Rhythm & Blüs',
];
const WORLD_TITLES = [
  '夜に駆ける星',
  '봄날의 꿈',
  'Звезда по имени',
  'Καλοκαίρι',
  'يا ليل',
  'לילה טוב',
  'दिल की बात',
  '青い海',
  'Ça plane pour moi',
  'Über den Wolken',
  '💔 Heartbreak',
  'Niño Perdido',
];

function word(random: Random): string {
  const syllables = random.int(2, 3);
  let text = '';
  for (let i = 0; i < syllables; i++) text += random.pick(LATIN_SYLLABLES);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function makeArtistName(random: Random, index: number): string {
  if (index < WORLD_ARTISTS.length * 3 && index % 3 === 1) return WORLD_ARTISTS[Math.floor(index / 3)]!;
  return random.pick(ARTIST_FORMS).replace(/\{W\}/g, () => word(random));
}

export function makeTitle(random: Random, artistNames: () => string): string {
  if (random.next() < 0.04) return random.pick(WORLD_TITLES);
  return random
    .pick(TITLE_FORMS)
    .replace(/\{T\}/g, () => random.pick(TITLE_WORDS))
    .replace(/\{A\}/g, artistNames);
}

export const GENRE_NAMES = [
  'indie pop',
  'indie rock',
  'dream pop',
  'shoegaze',
  'synthwave',
  'techno',
  'house',
  'deep house',
  'ambient',
  'jazz',
  'bossa nova',
  'soul',
  'funk',
  'r&b',
  'hip hop',
  'trip hop',
  'k-pop',
  'j-pop',
  'city pop',
  'latin',
  'reggaeton',
  'flamenco',
  'folk',
  'singer-songwriter',
  'post-rock',
  'metal',
  'punk',
  'classical',
  'film score',
  'chanson',
  'afrobeat',
  'bollywood',
  'arabic pop',
  'nordic folk',
  'electronica',
  'lo-fi',
  'disco',
  'blues',
  'country',
  'grunge',
];
