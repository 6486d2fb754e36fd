/** Case-, accent- and spacing-insensitive key: how names without ids are matched. */
export function nameKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function trackLookupKey(artistName: string, trackName: string): string {
  return `${nameKey(artistName)}\u001f${nameKey(trackName)}`;
}

/** URL slug of a genre; keeps non-Latin letters so "j-pop" and "кантри" both get one. */
export function slugify(name: string): string {
  return (
    nameKey(name)
      .replace(/&/g, ' and ')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'genre'
  );
}
