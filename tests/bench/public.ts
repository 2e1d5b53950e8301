/**
 * Public pages (issue 7): the published Urdu letter served from its cached rendering (the page is rendered once per
 * publication and state of the site, then kept in memory) against the same page rendered anew on every request
 * (the cache cleared each time), both through the Remix request handler in this process, as the server runs it,
 * with `/healthz` through the same handler as the baseline. Goal: cached p95 ≤ 5 ms. Also the same over HTTP on
 * loopback, for reference (HTTP alone costs more than 5 ms p95 on this machine: see the /healthz line).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createRequestHandler } from '@remix-run/node';
import { openDatabase } from '../../db/connection';
import { createUser } from '~/services/auth.server';
import { loadEditor } from '~/services/editor.server';
import { publicResponse } from '~/services/public-http.server';
import { clearPublicPageCache, publicationPage, publish } from '~/services/publishing.server';
import { approveTranslation } from '~/services/review.server';
import { saveTranslation } from '~/services/translations.server';
import { startServer } from '../support/server';

const WARMUP = Number(process.env.BENCH_WARMUP ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 300);

function p(samples: number[], q: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function measure(once: () => Promise<void>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await once();
    samples.push(performance.now() - t0);
  }
  return { p50: p(samples, 0.5), p95: p(samples, 0.95) };
}

export async function benchPublic() {
  const server = await startServer();
  try {
    const db = openDatabase(server.databasePath);
    const tr = await createUser({ email: 'tr@example.org', password: 'a long passphrase', role: 'translator' }, db);
    const rv = await createUser({ email: 'rv@example.org', password: 'a long passphrase', role: 'reviewer' }, db);
    const coord = await createUser({ email: 'co@example.org', password: 'a long passphrase', role: 'coordinator' }, db);
    const address = { project: 'itu-2012', document: 'sign-on-letter', lang: 'ur' };
    const segments = loadEditor({ ...address, viewer: null }, db).segments.filter((s) => s.translatable);
    for (const s of segments) {
      const saved = saveTranslation({ ...address, segment: s.key, userId: tr.id, text: `اردو ${s.placeholderText}`, baseVersion: 0, needsWork: false }, db);
      approveTranslation({ ...address, segment: s.key, userId: rv.id, version: saved.version }, db);
    }
    publish({ ...address, userId: coord.id }, db);
    db.$client.close();

    process.env.DATABASE_PATH = server.databasePath;
    process.env.NODE_ENV = 'production';
    const build = await import(pathToFileURL(path.resolve('build/index.js')).href);
    const handler = createRequestHandler(build, 'production');
    const page = '/read/itu-2012/sign-on-letter/ur';
    let bytes = 0;
    const get = (url: string) => async () => {
      const r = await handler(new Request(`http://localhost${url}`));
      bytes = (await r.arrayBuffer()).byteLength;
      if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
    };
    const baseline = await measure(get('/healthz'));
    const cached = await measure(get(page));
    // The same route's work called directly (this process's copy of the module, whose cache it can clear):
    // served from the cache, and rendered anew each time.
    const assets = { styles: ['/build/_assets/public.css'], fonts: { Arab: ['/build/_assets/400.css', '/build/_assets/700.css'] } };
    const serve = async () => {
      const r = publicResponse(new Request(`http://localhost${page}`), publicationPage(address, assets));
      await r.arrayBuffer();
    };
    const direct = await measure(serve);
    const dynamic = await measure(async () => {
      clearPublicPageCache();
      await serve();
    });

    const http = async (url: string) => {
      const r = await fetch(new URL(url, server.url));
      await r.arrayBuffer();
    };
    const httpBaseline = await measure(() => http('/healthz'));
    const httpCached = await measure(() => http(page));

    const ms = (s: { p50: number; p95: number }) => `p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms`;
    console.log(`\npublic page: the published Urdu letter (${segments.length} sentences, ${(bytes / 1024).toFixed(1)} KiB of HTML), ${RUNS} runs after ${WARMUP} warm-up`);
    console.log(`  in-process baseline /healthz:          ${ms(baseline)}`);
    console.log(`  in-process (Remix handler), cached:    ${ms(cached)}  (${(cached.p95 / baseline.p95).toFixed(1)}× /healthz)  goal p95 ≤ 5 ms: ${cached.p95 <= 5 ? 'met' : 'NOT met'}`);
    console.log(`  the route's work called directly, cached:     ${ms(direct)}`);
    console.log(`  the route's work, rendered on every request: ${ms(dynamic)}  (${(dynamic.p95 / direct.p95).toFixed(1)}× cached)`);
    console.log(`  over HTTP, /healthz:                   ${ms(httpBaseline)}`);
    console.log(`  over HTTP, cached page:                ${ms(httpCached)}  (${(httpCached.p95 / httpBaseline.p95).toFixed(1)}× /healthz)`);
  } finally {
    await server.stop();
  }
}
