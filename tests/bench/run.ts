/**
 * `npm run bench [editor|segmentation|tmx]`: every benchmark, or the one named. Benchmarks report ratios against
 * a baseline measured in the same run, with sizes stated: the machines are shared and noisy.
 */
import { benchEditor } from './editor';
import { benchSegmentation } from './segmentation';
import { benchTmx } from './tmx';
import { benchPublic } from './public';
import { benchXliff } from './xliff';

const BENCHES: Record<string, () => Promise<void>> = { segmentation: benchSegmentation, editor: benchEditor, tmx: benchTmx, xliff: benchXliff, public: benchPublic };
const wanted = process.argv.slice(2);
for (const [name, bench] of Object.entries(BENCHES)) {
  if (wanted.length === 0 || wanted.includes(name)) await bench();
}
