/**
 * Segmentation throughput: seed 002 (a Word dump of ITU proposals) repeated 100 times, about 5 MB, through our
 * whole segmenter (block layer, SRX sentence rules, inline codes) and through npm `sbd` (sentences only) on the
 * same text in the same run. Goal (issue 4): at least 10 MB/s, and faster than sbd. Reported: the median of
 * several runs after warm-up, for each, alternating so both see the same machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sbd from 'sbd';
import { segment } from '../support/rules';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchSegmentation() {
  const one = fs.readFileSync(path.resolve('tests/fixtures/seeds/002_dc89209e4553f076.txt'), 'utf8');
  const text = Array.from({ length: 100 }, () => one).join('\n\n');
  const megabytes = Buffer.byteLength(text, 'utf8') / 1e6;
  const ours: number[] = [];
  const theirs: number[] = [];
  let segments = 0;
  let sentences = 0;
  for (let run = 0; run < 10; run++) {
    let t0 = performance.now();
    segments = segment(text, 'text/plain').segments.length;
    const a = performance.now() - t0;
    t0 = performance.now();
    sentences = sbd.sentences(text, { newline_boundaries: true }).length;
    const b = performance.now() - t0;
    if (run >= 3) {
      ours.push(a);
      theirs.push(b);
    }
  }
  const rate = (ms: number) => megabytes / (ms / 1000);
  const oursRate = rate(median(ours));
  const sbdRate = rate(median(theirs));
  console.log(`\nsegmentation: seed 002 × 100 = ${megabytes.toFixed(2)} MB, median of ${ours.length} runs after 3 warm-up runs`);
  console.log(`  ours (blocks + SRX + inline codes): ${oursRate.toFixed(1)} MB/s, ${segments} segments`);
  console.log(`  sbd 1.0.19 (sentences only):         ${sbdRate.toFixed(1)} MB/s, ${sentences} sentences`);
  console.log(`  ratio ours / sbd: ${(oursRate / sbdRate).toFixed(2)}×   goal ≥ 10 MB/s and faster than sbd: ${oursRate >= 10 && oursRate > sbdRate ? 'met' : 'NOT met'}`);
}
