import { describe, expect, it } from 'vitest';
import { nameKey, slugify, trackLookupKey } from '@/lib/names';

describe('nameKey', () => {
  it('ignores case, accents and spacing', () => {
    expect(nameKey('  Björk   Sólveig ')).toBe('bjork solveig');
    expect(nameKey('BEYONCÉ')).toBe(nameKey('Beyonce'));
    expect(nameKey('Sigur\tRós')).toBe('sigur ros');
  });

  it('keeps letters that are not accented Latin ones', () => {
    expect(nameKey('Łukasz Żeński')).toBe('łukasz zenski');
    expect(nameKey('坂本星')).toBe('坂本星');
  });
});

describe('trackLookupKey', () => {
  it('joins the artist and track keys with a unit separator', () => {
    expect(trackLookupKey('Zoë Çelik', ' Café  Nuit')).toBe('zoe celik\u001fcafe nuit');
  });
});

describe('slugify', () => {
  it('makes URL slugs, spelling out ampersands', () => {
    expect(slugify('Hip Hop')).toBe('hip-hop');
    expect(slugify('R&B')).toBe('r-and-b');
    expect(slugify('  J-Pop!! ')).toBe('j-pop');
    expect(slugify('Música Popular Brasileira')).toBe('musica-popular-brasileira');
  });

  it('keeps non-Latin letters and never returns an empty slug', () => {
    expect(slugify('кантри')).toBe('кантри');
    expect(slugify('!!!')).toBe('genre');
  });
});
