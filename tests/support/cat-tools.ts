// Real CAT tools as interop peers (Debian packages: libxml2-utils, translate-toolkit, omegat).
// Facts behind the scripts in ./tools are in their headers.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const TOOLS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tools');
// Debian's python: the first python3 on PATH may be another one without the `translate` module.
export const PYTHON = '/usr/bin/python3';
export const OMEGAT_JAR = '/usr/share/omegat/OmegaT.jar';

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; a non-zero exit is a result, a missing program or a timeout is an error. */
export function runTool(command: string, args: string[], options: { timeoutMs?: number } = {}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 60_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ code: 0, stdout, stderr });
        if (typeof error.code === 'number') return resolve({ code: error.code, stdout, stderr });
        if (error.code === 'ENOENT') return reject(new Error(`${command}: not installed`));
        if (error.killed) return reject(new Error(`${command} ${args.join(' ')}: killed after ${options.timeoutMs ?? 60_000} ms\n${stderr}`));
        reject(error);
      },
    );
  });
}

export type CatTool = 'xmllint' | 'translate-toolkit' | 'omegat';
export interface ToolStatus {
  available: boolean;
  /** Version when available, what is missing otherwise. */
  detail: string;
}

async function probe(command: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const r = await runTool(command, args, { timeoutMs: 30_000 });
    return { ok: r.code === 0, out: (r.stdout + r.stderr).trim().split('\n')[0] ?? '' };
  } catch (error) {
    return { ok: false, out: error instanceof Error ? error.message : String(error) };
  }
}

let statusPromise: Promise<Record<CatTool, ToolStatus>> | undefined;

/** Which external tools are present here (memoised: probing starts a JVM). */
export function catToolsAvailable(): Promise<Record<CatTool, ToolStatus>> {
  statusPromise ??= (async () => {
    const [xmllint, tt, lxml, java] = await Promise.all([
      probe('xmllint', ['--version']),
      probe(PYTHON, ['-c', 'import lxml; from translate.__version__ import sver; print(sver)']),
      probe(PYTHON, ['-c', 'import lxml.etree']),
      probe('java', ['-version']),
    ]);
    const omegatMissing = [
      fs.existsSync(OMEGAT_JAR) ? '' : `${OMEGAT_JAR} missing (apt-get install omegat)`,
      java.ok ? '' : 'java missing',
      // omegat-roundtrip also needs these for its prepare/report steps.
      xmllint.ok ? '' : 'xmllint missing',
      lxml.ok ? '' : `${PYTHON} without lxml`,
    ].filter(Boolean);
    return {
      xmllint: xmllint.ok
        ? { available: true, detail: xmllint.out }
        : { available: false, detail: 'system xmllint missing (apt-get install libxml2-utils)' },
      'translate-toolkit': tt.ok
        ? { available: true, detail: `Translate Toolkit ${tt.out}` }
        : { available: false, detail: `${PYTHON} cannot import translate (apt-get install translate-toolkit)` },
      omegat: omegatMissing.length === 0
        ? { available: true, detail: `OmegaT with ${java.out}` }
        : { available: false, detail: omegatMissing.join('; ') },
    };
  })();
  return statusPromise;
}

/** Under CI a missing tool must fail the run, never skip it. */
export const strictTools = /^(1|true|yes)$/i.test(process.env.CI ?? '');

/**
 * `it` for a test that needs `tool`: skipped locally with the reason in its name when the tool is absent;
 * under CI it runs and fails on the first line.
 */
export function itWithTool(
  status: Record<CatTool, ToolStatus>,
  tool: CatTool,
  name: string,
  fn: () => Promise<void>,
  timeoutMs?: number,
): void {
  const s = status[tool];
  if (!s.available && !strictTools) {
    it.skip(`${name} [skipped: ${s.detail}]`, fn);
    return;
  }
  it(
    name,
    async () => {
      expect(s.available, `${tool} is required under CI: ${s.detail}`).toBe(true);
      await fn();
    },
    timeoutMs,
  );
}

export interface TtUnit {
  /** The bare trans-unit id (TT's own getid() prefixes the file's `original`). */
  id: string;
  /** `state` attribute of <target>, null when absent. */
  xmlState: string | null;
  ttState: 'untranslated' | 'needs-work' | 'needs-review' | 'translated' | 'final';
  approved: boolean;
  fuzzy: boolean;
  /** Inline codes flattened to text, as TT's unit.source gives it. */
  source: string;
  target: string;
  /** Inner XML of <source>, inline codes kept. */
  sourceXml: string;
  notes: string;
}

// tt-xliff-units escapes only tab and newline (not backslash): a literal "\n" in a text reads back as a newline.
const unflat = (s: string) => s.replace(/\\[tn]/g, (m) => (m === '\\t' ? '\t' : '\n'));

/** Translate Toolkit 3.8.4's reading of an XLIFF 1.2 file (it cannot read 2.0: that throws). */
export async function readWithTranslateToolkit(file: string): Promise<TtUnit[]> {
  const r = await runTool(PYTHON, [path.join(TOOLS_DIR, 'tt-xliff-units'), file]);
  if (r.code === 3) throw new Error(`Translate Toolkit 3.8.4 cannot read XLIFF 2.0: ${file}`);
  if (r.code !== 0) throw new Error(`tt-xliff-units exited ${r.code}: ${r.stderr.trim()}`);
  const lines = r.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('id\txml-state\t'));
  return lines.map((line) => {
    const c = line.split('\t');
    if (c.length !== 9) throw new Error(`tt-xliff-units: unexpected line ${JSON.stringify(line)}`);
    return {
      id: unflat(c[0]),
      xmlState: c[1] === '' ? null : c[1],
      ttState: c[2] as TtUnit['ttState'],
      approved: c[3] === 'yes',
      fuzzy: c[4] === 'yes',
      source: unflat(c[5]),
      target: unflat(c[6]),
      sourceXml: unflat(c[7]),
      notes: unflat(c[8]),
    };
  });
}

export interface OmegatOptions {
  sourceLang?: string;
  targetLang?: string;
  /** Let OmegaT split targets into sentences (default: one segment per trans-unit). */
  sentenceSeg?: boolean;
  /** TMX in tm/enforce/ instead of tm/auto/. */
  enforce?: boolean;
  /** Do not add <target> copies to units without one (OmegaT then ignores them). */
  noFill?: boolean;
  /** Keep the OmegaT project (and its log) in this directory. */
  keepDir?: string;
  timeoutMs?: number;
}

export interface OmegatResult {
  stdout: string;
  units: number;
  /** Units whose <target> OmegaT changed, i.e. translated from the TMX (OmegaT never touches `state`). */
  changed: number;
  unchanged: number;
  withoutTarget: number;
}

/** XLIFF 1.2 → OmegaT 3.6 headless (exact TMX matches inserted) → `output`. Several seconds: JVM start. */
export async function omegatRoundTrip(input: string, tmx: string, output: string, options: OmegatOptions = {}): Promise<OmegatResult> {
  const args = [path.join(TOOLS_DIR, 'omegat-roundtrip')];
  if (options.sourceLang) args.push('--source-lang', options.sourceLang);
  if (options.targetLang) args.push('--target-lang', options.targetLang);
  if (options.sentenceSeg) args.push('--sentence-seg');
  if (options.enforce) args.push('--enforce');
  if (options.noFill) args.push('--no-fill');
  if (options.keepDir) args.push('--keep', options.keepDir);
  args.push(input, tmx, output);
  const r = await runTool('bash', args, { timeoutMs: options.timeoutMs ?? 180_000 });
  if (r.code !== 0) throw new Error(`omegat-roundtrip exited ${r.code}: ${r.stderr.trim()}`);
  const m = /units: (\d+)\s+target changed by OmegaT: (\d+)\s+unchanged: (\d+)\s+without <target>: (\d+)/.exec(r.stdout);
  if (!m) throw new Error(`omegat-roundtrip: no summary line in\n${r.stdout}`);
  return { stdout: r.stdout, units: Number(m[1]), changed: Number(m[2]), unchanged: Number(m[3]), withoutTarget: Number(m[4]) };
}
