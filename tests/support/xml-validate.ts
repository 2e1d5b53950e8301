// Schema validation of XLIFF 1.2 / 2.0 (xmllint-wasm, inside Node) and TMX 1.4 (system xmllint, DTD),
// against the copies in tests/fixtures/schemas (never files outside the project or the network).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryPages, validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { runTool } from './cat-tools';

export interface XmlDocument {
  name: string;
  xml: string;
}
export interface ValidationResult {
  name: string;
  valid: boolean;
  errors: string[];
}

const SCHEMAS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'schemas');
export const TMX_DTD = path.join(SCHEMAS, 'tmx', 'tmx14.dtd');

// xmllint-wasm reports a document with an internal-subset XXE entity as valid: refuse before libxml2 sees it.
const ENTITY_REFUSED = 'refused: the document declares <!ENTITY> (XXE guard; exports never need entity declarations)';

const schemaFile = (dir: string, rel: string): XMLFileInfo => ({ fileName: rel, contents: fs.readFileSync(path.join(SCHEMAS, dir, rel), 'utf8') });

let xliff12: { schema: XMLFileInfo; preload: XMLFileInfo[] } | undefined;
let xliff20: { schema: XMLFileInfo; preload: XMLFileInfo[] } | undefined;

function xliff12Schemas() {
  xliff12 ??= { schema: schemaFile('xliff12', 'xliff-core-1.2-strict.xsd'), preload: [schemaFile('xliff12', 'xml.xsd')] };
  return xliff12;
}

function xliff20Schemas() {
  // Preloaded under their relative paths so the schemas' own imports (modules/…, ../xliff_core_2.0.xsd) resolve.
  xliff20 ??= {
    schema: schemaFile('xliff20', 'xliff_core_2.0_with_modules.xsd'),
    preload: [
      schemaFile('xliff20', 'xliff_core_2.0.xsd'),
      schemaFile('xliff20', 'informativeCopiesOf3rdPartySchemas/w3c/xml.xsd'),
      ...fs.readdirSync(path.join(SCHEMAS, 'xliff20', 'modules')).sort().map((m) => schemaFile('xliff20', `modules/${m}`)),
    ],
  };
  return xliff20;
}

/** XLIFF 1.2, strict schema. One worker start for the whole batch. */
export function validateXliff12(files: XmlDocument[]): Promise<ValidationResult[]> {
  return validateWithXsd(files, xliff12Schemas());
}

/** XLIFF 2.0 core plus the 8 module schemas. XSD validity is necessary, not sufficient, for 2.0. */
export function validateXliff20(files: XmlDocument[]): Promise<ValidationResult[]> {
  return validateWithXsd(files, xliff20Schemas());
}

async function validateWithXsd(files: XmlDocument[], schemas: { schema: XMLFileInfo; preload: XMLFileInfo[] }): Promise<ValidationResult[]> {
  const results: ValidationResult[] = files.map((f) => ({ name: f.name, valid: false, errors: [] }));
  // Own file names: callers' names may collide with each other or with the preloaded schema files.
  const docs: { i: number; fileName: string }[] = [];
  files.forEach((f, i) => {
    if (f.xml.includes('<!ENTITY')) results[i].errors.push(ENTITY_REFUSED);
    else docs.push({ i, fileName: `doc-${i}.xml` });
  });
  if (docs.length === 0) return results;

  let output: string;
  try {
    const r = await validateXML({
      xml: docs.map((d) => ({ fileName: d.fileName, contents: files[d.i].xml })),
      schema: [schemas.schema],
      preload: schemas.preload,
      modifyArguments: (args) => ['--nonet', ...args],
      // A ceiling, not an allocation: the 32 MiB default is too small for large exports.
      maxMemoryPages: memoryPages.GiB,
    });
    output = r.rawOutput;
  } catch (error) {
    // Exit codes other than 0/3/4 (e.g. 1 when some document is not well-formed) reject with xmllint's stderr.
    output = error instanceof Error ? error.message : String(error);
  }

  // xmllint prints "NAME validates" per valid document and "NAME:LINE: ..." per error, each followed by
  // context lines for parser errors; anything before the first document line concerns the whole batch.
  const validated = new Set<number>();
  const general: string[] = [];
  let current: (typeof docs)[number] | undefined;
  for (const line of output.split('\n')) {
    if (line.trim() === '' || /^\s*\^\s*$/.test(line)) continue;
    const doc = docs.find((d) => line.startsWith(`${d.fileName}:`) || line.startsWith(`${d.fileName} `));
    if (doc) {
      current = doc;
      const rest = line.slice(doc.fileName.length);
      if (rest === ' validates') validated.add(doc.i);
      else if (rest !== ' fails to validate') results[doc.i].errors.push(rest.replace(/^:(\d+):\s*/, 'line $1: '));
    } else if (current) {
      results[current.i].errors.push(line);
    } else {
      general.push(line);
    }
  }
  for (const d of docs) {
    const r = results[d.i];
    if (r.errors.length === 0 && validated.has(d.i)) r.valid = true;
    else if (r.errors.length === 0) r.errors.push(...(general.length ? general : ['xmllint-wasm gave no verdict for this document']));
  }
  return results;
}

/**
 * TMX 1.4(b) against tmx14.dtd. xmllint-wasm 5.3.0 cannot do this: its libxml2 is built without DTD
 * validation (`--dtdvalid`, `--valid`, `--postvalid` are "Unknown option"), so this runs the system
 * `xmllint` (Debian libxml2-utils, installed by .ci/run), one ~5 ms process per document.
 */
export async function validateTmx(files: XmlDocument[]): Promise<ValidationResult[]> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'tmx-validate-'));
  try {
    // --dtdvalid also loads the document's own external subset: a conventional
    // <!DOCTYPE tmx SYSTEM "tmx14.dtd"> then resolves to this same DTD instead of a warning.
    await fs.promises.copyFile(TMX_DTD, path.join(dir, 'tmx14.dtd'));
    return await Promise.all(
      files.map(async (f, i): Promise<ValidationResult> => {
        if (f.xml.includes('<!ENTITY')) return { name: f.name, valid: false, errors: [ENTITY_REFUSED] };
        const file = path.join(dir, `doc-${i}.tmx`);
        await fs.promises.writeFile(file, f.xml);
        const r = await runTool('xmllint', ['--noout', '--nonet', '--dtdvalid', TMX_DTD, file]);
        if (r.code === 0) return { name: f.name, valid: true, errors: [] };
        const errors = r.stderr
          .split('\n')
          .filter((l) => l.trim() !== '' && !/^\s*\^\s*$/.test(l))
          .map((l) => l.replace(`${file}:`, 'line ').replace(/^line (\d+):\s*/, 'line $1: ').replaceAll(file, f.name).replaceAll(TMX_DTD, 'tmx14.dtd'));
        return { name: f.name, valid: false, errors: errors.length ? errors : [`xmllint exited ${r.code}`] };
      }),
    );
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
