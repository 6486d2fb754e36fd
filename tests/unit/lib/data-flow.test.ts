import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The import rules of eslint.config.mjs that keep data flowing one way (docs/architecture.md),
 * tried on snippets placed where they would sit: `npm run lint` holds the real tree to them.
 */
const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message.replace(/^.* is restricted from being used by a pattern\. /, ''));
}

describe('the data-flow import rules', () => {
  it('keep components away from app/ and from the database, except for types', async () => {
    expect(
      await restrictedImports(
        'components/owner/panel.tsx',
        "import { signOutOwner } from '@/app/connect/actions';\nexport const a = signOutOwner;\n",
      ),
    ).toEqual(['Components never import app/: server actions sit beside the component that uses them.']);
    expect(await restrictedImports('components/owner/panel.tsx', "import { getDb } from '@/db';\nexport const a = getDb;\n")).toEqual([
      'Components never call the database: they read through lib/ and import @/db for types only.',
    ]);
    expect(
      await restrictedImports('components/stats/list.tsx', "import type { TopList } from '@/db/stats/types';\nexport type A = TopList;\n"),
    ).toEqual([]);
  }, 60_000);

  it('let db/ import from lib/ only env and types', async () => {
    expect(
      await restrictedImports('db/stats/totals.ts', "import { granularityFor } from '@/lib/range';\nexport const a = granularityFor;\n"),
    ).toEqual(['db/ imports from lib/ only env and types: domain rules live in lib/ and are passed in.']);
    expect(await restrictedImports('db/index.ts', "import { getEnv } from '@/lib/env';\nexport const a = getEnv;\n")).toEqual([]);
    expect(
      await restrictedImports('db/import/rules.ts', "import type { LocalParts } from '@/lib/time';\nexport type A = LocalParts;\n"),
    ).toEqual([]);
  }, 60_000);
});
