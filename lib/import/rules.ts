import type { ImportRules } from '@/db/import/rules';
import { nameKey, trackLookupKey } from '@/lib/names';
import { isCounted } from '@/lib/plays';
import { planEpisodes } from './episode-merge';
import { createLocalParts } from './local-time';
import { MATCH_MARGIN_MS, planMerge } from './merge';

/** The rules an import into the owner's time zone writes by (db/import/rules.ts). */
export function importRules(timeZone: string): ImportRules {
  return {
    localParts: createLocalParts(timeZone),
    isCounted,
    matchMarginMs: MATCH_MARGIN_MS,
    planMerge,
    planEpisodes,
    trackLookupKey,
    nameKey,
  };
}
