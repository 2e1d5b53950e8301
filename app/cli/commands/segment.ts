import { isSourceMediaType, mediaTypeForFileName, segmentDocument } from '~/domain/segmentation';
import { decodeUtf8Strict } from '~/domain/text/utf8';
import { defaultSentenceRules } from '~/services/segmentation-rules.server';
import { CliUsageError, EXIT, parseOptions, printJson, readInputFile, refuse } from '../io';

/** `segment FILE [--type]`: the segments of a file in source order, as JSON (gold FORMAT.md's `text`). */
export function segmentCommand(args: string[]): number {
  const { values, positionals } = parseOptions(args, { type: { type: 'string' }, lang: { type: 'string' } }, 1);
  const file = positionals[0];
  const type = values.type ?? mediaTypeForFileName(file);
  if (!type) throw new CliUsageError(`cannot tell the type of ${file} from its name; give --type text/plain or text/markdown`);
  if (!isSourceMediaType(type)) throw new CliUsageError(`unsupported --type ${type} (text/plain or text/markdown)`);
  const bytes = readInputFile(file);
  const decoded = decodeUtf8Strict(bytes);
  if (!decoded.ok) return refuse(`${file}: not valid UTF-8 at byte offset ${decoded.byteOffset} (line ${decoded.line})`);
  const doc = segmentDocument(decoded.text, type, { rules: defaultSentenceRules(values.lang ?? 'en') });
  printJson(doc.segments.map((s) => ({
    text: s.text,
    kind: s.kind,
    ...(s.label !== null ? { label: s.label } : {}),
    start: s.start,
    end: s.end,
    translatable: s.translatable,
    block: { index: s.block, type: doc.blocks[s.block].type },
    placeholders: s.placeholderText,
    codes: s.codes,
  })));
  return EXIT.ok;
}
