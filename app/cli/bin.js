#!/usr/bin/env node
// `npm run workbench -- COMMAND` and `npx workbench COMMAND`: runs the TypeScript command line through tsx,
// with the project's tsconfig (for the `~/` paths) wherever it is started from.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const here = path.dirname(fileURLToPath(import.meta.url));
register({ tsconfig: path.join(here, '..', '..', 'tsconfig.json') });
const { main } = await import('./workbench.ts');
process.exitCode = await main(process.argv.slice(2));
