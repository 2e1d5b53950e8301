/**
 * TMX import: the first megabytes of the Debian software-strings memory (/work/shared/data/tm/en-es.tmx.gz, 705,881
 * units, 175 MB unzipped), cut at a unit boundary below the import limit, through each stage of `importTmx`,
 * with XML parsing alone (saxes, no tree: the floor any reader of the file pays) measured in the same run as
 * the baseline. Reported: time, MB/s and units/s per stage, the ratio to the baseline, and peak memory.
 *
 * The corpus starts with `<!DOCTYPE tmx SYSTEM "tmx14.dtd">`, a bare external reference the TMX reader lets pass
 * (never fetched; no internal subset, so no entities). `TMX_BENCH_MB` sets the slice (default 45, at most the 50 MB limit).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { SaxesParser } from 'saxes';
import { readTmx } from '~/domain/exchange/tmx';
import { parseXml } from '~/domain/exchange/xml';
import { importTmx, MAX_TMX_BYTES } from '~/services/memory.server';
import { freshDatabaseFile } from '../support/db';
import { openSeeded } from '~/services/database.server';

const CORPUS = '/work/shared/data/tm/en-es.tmx.gz';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Retained heap is measured after a full collection, so that what a stage keeps is told from its garbage.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

/** The corpus up to the last whole unit before `megabytes`, closed as a document; only that much is unzipped. */
async function slice(megabytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of fs.createReadStream(CORPUS).pipe(zlib.createGunzip())) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > megabytes * 1e6) break;
  }
  const head = Buffer.concat(chunks).subarray(0, megabytes * 1e6 - 30).toString('utf8');
  return Buffer.from(`${head.slice(0, head.lastIndexOf('</tu>') + '</tu>'.length)}\n  </body>\n</tmx>\n`, 'utf8');
}

function time<T>(work: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = work();
  return { ms: performance.now() - t0, value };
}

export async function benchTmx() {
  const megabytes = Math.min(Number(process.env.TMX_BENCH_MB ?? 45), MAX_TMX_BYTES / 1e6);
  const bytes = await slice(megabytes);
  const text = bytes.toString('utf8');
  const mb = bytes.byteLength / 1e6;

  // Baseline: saxes over the same text with no handlers doing work (median of 3 after one warm-up).
  const saxes: number[] = [];
  for (let run = 0; run < 4; run++) {
    const parser = new SaxesParser({ xmlns: true, position: true });
    const { ms } = time(() => parser.write(text).close());
    if (run > 0) saxes.push(ms);
  }
  const baseline = median(saxes);
  let heap = heapMb();
  const tree = time(() => parseXml(text));
  const treeMb = heapMb() - heap;
  tree.value.children.length = 0;
  heap = heapMb();
  const read = time(() => readTmx(text));
  const unitsMb = heapMb() - heap;
  const units = read.value.units.length;
  read.value.units.length = 0;

  const file = freshDatabaseFile();
  const db = openSeeded(file);
  const t0 = performance.now();
  const first = await importTmx({ project: 'itu-2012', fileName: 'en-es.tmx', bytes, userId: null }, db);
  const importMs = performance.now() - t0;
  const t1 = performance.now();
  const again = await importTmx({ project: 'itu-2012', fileName: 'en-es.tmx', bytes, userId: null }, db);
  const againMs = performance.now() - t1;
  db.$client.close();
  const dbMb = fs.statSync(file).size / 1e6;
  fs.rmSync(path.dirname(file), { recursive: true, force: true });

  const row = (label: string, ms: number) =>
    `  ${label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${(mb / (ms / 1000)).toFixed(1).padStart(5)} MB/s  ${Math.round(units / (ms / 1000)).toLocaleString('en').padStart(8)} units/s  ×${(ms / baseline).toFixed(1)}`;
  console.log(`\ntmx import: first ${mb.toFixed(1)} MB of en-es.tmx (${units.toLocaleString('en')} units of 705,881)`);
  console.log(row('saxes parse alone (baseline, median of 3)', baseline));
  console.log(row('parseXml: tree, DOCTYPE/depth/control checks', tree.ms));
  console.log(row('readTmx: tree + units with placeholders', read.ms));
  console.log(row('importTmx into a fresh database', importMs));
  console.log(row('importTmx again (every pair a duplicate)', againMs));
  console.log(`  first import: added ${first.added.toLocaleString('en')}, duplicates ${first.duplicates}, empty ${first.empty}; again: added ${again.added}, duplicates ${again.duplicates.toLocaleString('en')}`);
  console.log(`  database file after both: ${dbMb.toFixed(0)} MB`);
  console.log(`  heap kept: the parseXml tree ${treeMb.toFixed(0)} MB (${(treeMb / mb).toFixed(1)} bytes per byte of file), readTmx's units ${unitsMb.toFixed(0)} MB;`
    + ` peak RSS of the whole run ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}
