import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      // `server-only` throws outside a react-server bundle; the queries are plain functions here.
      'server-only': `${root}tests/helpers/empty.ts`,
      '@': root.replace(/\/$/, ''),
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
