import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/** Data flows one way (docs/architecture.md): these imports would send it back up. */
const restricted = (...patterns) => ['error', { patterns }];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted(
        {
          group: ['@/app', '@/app/*'],
          message: 'Components never import app/: server actions sit beside the component that uses them.',
        },
        {
          group: ['@/db', '@/db/*'],
          allowTypeImports: true,
          message: 'Components never call the database: they read through lib/ and import @/db for types only.',
        },
      ),
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted({
        group: ['@/lib/*', '!@/lib/env'],
        allowTypeImports: true,
        message: 'db/ imports from lib/ only env and types: domain rules live in lib/ and are passed in.',
      }),
    },
  },
  globalIgnores(['.next/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'drizzle/**', 'data/**']),
]);
