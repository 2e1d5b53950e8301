import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const alias = { '~': path.join(root, 'app') };

/**
 * Three kinds of tests: unit (domain, no I/O), integration (real SQLite files and the real HTTP server),
 * e2e (real Chromium driving the real server). Benchmarks are not tests: see tests/bench and `npm run bench`.
 */
export default defineConfig({
  root,
  resolve: { alias },
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: path.join(root, 'tests', '.output', 'vitest.json') },
    projects: [
      { resolve: { alias }, test: { name: 'unit', root, include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        resolve: { alias },
        test: { name: 'integration', root, include: ['tests/integration/**/*.test.ts'], environment: 'node', testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e', root, include: ['tests/e2e/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 90_000,
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
