import { describe, expect, it } from 'vitest';
import {
  matchSegments,
  similarity,
  wordDiff,
  type NewUnit,
  type OldUnit,
  type SegmentMatch,
} from '~/domain/source-update/match';

/** One block of a document as a coordinator sees it: a heading, a paragraph of sentences, a signatory... */
interface Block { kind: string; texts: string[] }

const heading = (text: string): Block => ({ kind: 'heading', texts: [text] });
const paragraph = (...texts: string[]): Block => ({ kind: 'paragraph-sentence', texts });
const listItem = (text: string): Block => ({ kind: 'list-item', texts: [text] });
const signatories = (...names: string[]): Block[] => names.map((name) => ({ kind: 'signatory', texts: [name] }));

function layOut(blocks: readonly Block[]): NewUnit[] {
  const units: NewUnit[] = [];
  blocks.forEach((block, blockIndex) => {
    for (const text of block.texts) units.push({ text, position: units.length, block: blockIndex, kind: block.kind });
  });
  return units;
}

/** The stored version: every segment has a key, here "s<position>" so a test can say which one it expects. */
function stored(blocks: readonly Block[]): OldUnit[] {
  return layOut(blocks).map((unit) => ({ ...unit, key: `s${unit.position}` }));
}

const keyOf = (units: readonly OldUnit[], text: string, occurrence = 0) =>
  units.filter((unit) => unit.text === text)[occurrence].key;
const positionOf = (units: readonly NewUnit[], text: string, occurrence = 0) =>
  units.filter((unit) => unit.text === text)[occurrence].position;

/** What a user sees after an import, one line per segment: "unchanged s3", "changed s7 moved", "new @12", "removed s9". */
function summary(matches: readonly SegmentMatch[]): string[] {
  return matches.map((match) => {
    switch (match.type) {
      case 'unchanged':
        return `unchanged ${match.oldKey}${match.moved ? ' moved' : ''}`;
      case 'changed':
        return `changed ${match.oldKey}${match.moved ? ' moved' : ''}`;
      case 'new':
        return `new @${match.newPosition}`;
      case 'removed':
        return `removed ${match.oldKey}`;
    }
  });
}

function matchFor(matches: readonly SegmentMatch[], oldKey: string): SegmentMatch {
  const found = matches.filter((match) => 'oldKey' in match && match.oldKey === oldKey);
  expect(found).toHaveLength(1);
  return found[0];
}

/** Each old unit in exactly one result, each new unit in exactly one, in the new document's order. */
function expectComplete(oldUnits: readonly OldUnit[], newUnits: readonly NewUnit[], matches: readonly SegmentMatch[]) {
  const oldKeys = matches.flatMap((match) => ('oldKey' in match ? [match.oldKey] : []));
  expect([...oldKeys].sort()).toEqual(oldUnits.map((unit) => unit.key).sort());
  const newPositions = matches.flatMap((match) => ('newPosition' in match ? [match.newPosition] : []));
  expect(newPositions).toEqual(newUnits.map((unit) => unit.position));
}

const INTRO = [
  'We, the undersigned organisations and individuals, write to urge you to keep the internet on during the upcoming general elections.',
  'Internet shutdowns violate the rights to freedom of expression and access to information.',
  'They also harm journalists, human rights defenders and ordinary people who rely on the internet to work and stay safe.',
];
const CONCERNS = [
  'In the past, authorities have ordered telecommunications companies to block social media platforms on election day.',
  'Such measures are neither necessary nor proportionate under international human rights law.',
  'The United Nations Human Rights Council has repeatedly condemned intentional disruptions of access to information online.',
];
const REQUESTS = [
  'Publicly commit to keeping the internet open and secure throughout the electoral period.',
  'Refrain from ordering the blocking or throttling of websites, platforms and messaging services.',
  'Ensure that telecommunications companies inform users promptly of any disruption.',
];
const CLOSING = [
  'We stand ready to support your efforts to protect human rights online.',
  'Please do not hesitate to contact us at the address below.',
];

function letterBlocks(): Block[] {
  return [
    heading('Keep the internet on during the elections'),
    paragraph(...INTRO),
    paragraph(...CONCERNS),
    paragraph('We therefore respectfully urge you to:'),
    ...REQUESTS.map(listItem),
    paragraph(...CLOSING),
    paragraph('Signed,'),
    ...signatories('Access Now', 'Kictanet, Kenya', 'Article 19 Eastern Africa', 'Paradigm Initiative, Nigeria', 'Nawaat, Tunisia'),
  ];
}

describe('importing a new version of a source document', () => {
  it('keeps every segment as unchanged and unmoved when nothing changed', () => {
    const oldUnits = stored(letterBlocks());
    const newUnits = layOut(letterBlocks());
    const matches = matchSegments(oldUnits, newUnits);
    expect(summary(matches)).toEqual(oldUnits.map((unit) => `unchanged ${unit.key}`));
  });

  it('treats whitespace and Unicode composition differences as no change', () => {
    const oldUnits = stored([paragraph('Café  society\nmeets at noon.', 'Second sentence here.')]);
    const newUnits = layOut([paragraph('Cafe\u0301 society meets at noon. ', 'Second sentence here.')]);
    expect(summary(matchSegments(oldUnits, newUnits))).toEqual(['unchanged s0', 'unchanged s1']);
  });

  it('keeps the key of a reworded sentence and flags it as changed', () => {
    const oldUnits = stored(letterBlocks());
    const reworded =
      'We, the undersigned organisations and individuals, write to urge the authorities to keep the internet open during the upcoming general elections.';
    const newUnits = layOut(letterBlocks().map((block) => ({ ...block, texts: block.texts.map((t) => (t === INTRO[0] ? reworded : t)) })));
    const matches = matchSegments(oldUnits, newUnits);
    const match = matchFor(matches, keyOf(oldUnits, INTRO[0]));
    expect(match).toMatchObject({ type: 'changed', newPosition: positionOf(newUnits, reworded), moved: false });
    expect(match.type === 'changed' && match.similarity).toBeGreaterThan(0.6);
    expect(match.type === 'changed' && match.similarity).toBeLessThan(1);
    expect(matches.filter((m) => m.type !== 'unchanged')).toHaveLength(1);
  });

  it('recognises a sentence that only gained a comma as the same segment, to review', () => {
    const oldUnits = stored([paragraph('In the past authorities have ordered companies to block social media.', 'Another sentence.')]);
    const newUnits = layOut([paragraph('In the past, authorities have ordered companies to block social media.', 'Another sentence.')]);
    const matches = matchSegments(oldUnits, newUnits);
    expect(summary(matches)).toEqual(['changed s0', 'unchanged s1']);
    expect(matches[0].type === 'changed' && matches[0].similarity).toBeGreaterThan(0.9);
  });

  it('keeps the key and translation of a sentence moved to another paragraph, marking it moved', () => {
    const oldUnits = stored(letterBlocks());
    const movedSentence = CONCERNS[1];
    const blocks = letterBlocks();
    blocks[2] = paragraph(CONCERNS[0], CONCERNS[2]);
    const closingIndex = blocks.findIndex((block) => block.texts[0] === CLOSING[0]);
    blocks[closingIndex] = paragraph(...CLOSING, movedSentence);
    const newUnits = layOut(blocks);
    const matches = matchSegments(oldUnits, newUnits);

    expect(matchFor(matches, keyOf(oldUnits, movedSentence))).toEqual({
      type: 'unchanged',
      oldKey: keyOf(oldUnits, movedSentence),
      newPosition: positionOf(newUnits, movedSentence),
      moved: true,
    });
    expect(matches.filter((m) => m.type !== 'unchanged' || m.moved)).toHaveLength(1);
    expectComplete(oldUnits, newUnits, matches);
  });

  it('retires a removed sentence and lists it where it used to be', () => {
    const oldUnits = stored([paragraph('First sentence of the letter.', 'A sentence the coordinator deleted.', 'Last sentence of the letter.')]);
    const newUnits = layOut([paragraph('First sentence of the letter.', 'Last sentence of the letter.')]);
    const matches = matchSegments(oldUnits, newUnits);
    expect(summary(matches)).toEqual(['unchanged s0', 'removed s1', 'unchanged s2']);
    expect(matches[1]).toEqual({ type: 'removed', oldKey: 's1', oldPosition: 1 });
  });

  it('lists a removed sentence where it was, even when the sentence before it moved away', () => {
    const oldUnits = stored([
      paragraph('Opening sentence of the letter.', 'A sentence moved to the end.', 'A sentence the coordinator deleted.'),
      paragraph('Middle sentence of the letter.', 'Closing sentence of the letter.'),
    ]);
    const newUnits = layOut([
      paragraph('Opening sentence of the letter.'),
      paragraph('Middle sentence of the letter.', 'Closing sentence of the letter.', 'A sentence moved to the end.'),
    ]);
    expect(summary(matchSegments(oldUnits, newUnits))).toEqual([
      'unchanged s0',
      'removed s2',
      'unchanged s3',
      'unchanged s4',
      'unchanged s1 moved',
    ]);
  });

  it('lists a removed first segment before everything else', () => {
    const oldUnits = stored([heading('Draft – do not circulate'), paragraph('The only sentence of the letter body.')]);
    const newUnits = layOut([paragraph('The only sentence of the letter body.')]);
    expect(summary(matchSegments(oldUnits, newUnits))).toEqual(['removed s0', 'unchanged s1']);
  });

  it('adds eight signatories appended at the end as new, keeping the existing ones', () => {
    const oldUnits = stored(letterBlocks());
    const added = [
      'Digital Rights Foundation, Pakistan',
      'Thai Netizen Network',
      'Internet Sans Frontières',
      'Jonction, Senegal',
      'Zaina Foundation, Tanzania',
      'Unwanted Witness, Uganda',
      'SMEX, Lebanon',
      'Bolo Bhi, Pakistan',
    ];
    const newUnits = layOut([...letterBlocks(), ...signatories(...added)]);
    const matches = matchSegments(oldUnits, newUnits);
    expect(summary(matches)).toEqual([
      ...oldUnits.map((unit) => `unchanged ${unit.key}`),
      ...added.map((_, i) => `new @${oldUnits.length + i}`),
    ]);
  });

  it('pairs a signatory listed twice with its own occurrences, in order', () => {
    const oldUnits = stored(signatories('Kictanet, Kenya', 'Access Now', 'Nawaat, Tunisia', 'Kictanet, Kenya', 'SMEX, Lebanon'));
    const newUnits = layOut(signatories('Kictanet, Kenya', 'Access Now', 'Bolo Bhi, Pakistan', 'Nawaat, Tunisia', 'Kictanet, Kenya', 'SMEX, Lebanon'));
    const matches = matchSegments(oldUnits, newUnits);
    expect(summary(matches)).toEqual(['unchanged s0', 'unchanged s1', 'new @2', 'unchanged s2', 'unchanged s3', 'unchanged s4']);
    expect(matchFor(matches, 's0')).toMatchObject({ newPosition: 0 });
    expect(matchFor(matches, 's3')).toMatchObject({ newPosition: 4 });
  });

  it('keeps the occurrence of a repeated text that is closest in place when one occurrence is removed', () => {
    const oldUnits = stored(signatories('Kictanet, Kenya', 'Access Now', 'Article 19', 'SMEX, Lebanon', 'Kictanet, Kenya'));
    const newUnits = layOut(signatories('Access Now', 'Article 19', 'SMEX, Lebanon', 'Kictanet, Kenya'));
    expect(summary(matchSegments(oldUnits, newUnits))).toEqual([
      'removed s0',
      'unchanged s1',
      'unchanged s2',
      'unchanged s3',
      'unchanged s4',
    ]);
  });

  it('does not take one short signatory for another just because both are short', () => {
    expect(similarity('Kictanet, Kenya', 'Nawaat, Tunisia')).toBeLessThan(0.6);
    const oldUnits = stored(signatories('Access Now', 'Kictanet, Kenya', 'SMEX, Lebanon'));
    const newUnits = layOut(signatories('Access Now', 'Nawaat, Tunisia', 'SMEX, Lebanon'));
    expect(summary(matchSegments(oldUnits, newUnits))).toEqual(['unchanged s0', 'removed s1', 'new @1', 'unchanged s2']);
  });

  it('does not pair short names that share a word but are different organisations', () => {
    const oldUnits = stored(signatories('Access Now', 'Article 19'));
    const newUnits = layOut(signatories('Access Info', 'Article 19'));
    expect(summary(matchSegments(oldUnits, newUnits))).toEqual(['removed s0', 'new @0', 'unchanged s1']);
  });

  it('still recognises a signatory whose name only had its spelling corrected', () => {
    const oldUnits = stored(signatories('Access Now', 'Kictanet, Kenya', 'SMEX, Lebanon'));
    const newUnits = layOut(signatories('Access Now', 'KICTANet, Kenya', 'SMEX, Lebanon'));
    expect(summary(matchSegments(oldUnits, newUnits))).toEqual(['unchanged s0', 'changed s1', 'unchanged s2']);
  });

  it('never turns a sentence into a signatory, however alike they read', () => {
    const oldUnits = stored([paragraph('Digital Rights Coalition, Kenya.')]);
    const newUnits = layOut(signatories('Digital Rights Coalition, Kenya'));
    expect(similarity(oldUnits[0].text, newUnits[0].text)).toBeGreaterThan(0.6);
    expect(summary(matchSegments(oldUnits, newUnits))).toEqual(['removed s0', 'new @0']);
  });

  it('gives an edited sentence to the new sentence in its old place over a slightly closer copy far away', () => {
    const original = 'We call on the government of Kenya to keep the internet on during the vote.';
    const editedInPlace = 'We call on the government of Kenya to keep the internet on during the whole vote.';
    const lookalikeAtTheEnd = 'We call on the government of Kenya to keep the internet on during the votes.';
    expect(similarity(original, lookalikeAtTheEnd)).toBeGreaterThan(similarity(original, editedInPlace));
    const body = [
      'Shutdowns cut people off from emergency services.',
      'They disrupt businesses and cost national economies millions.',
      'Journalists cannot report when the network is down.',
      'Election observers rely on messaging services.',
      'A free and fair election requires an open internet.',
      'Civil society organisations stand ready to assist.',
      'Thank you for your attention to this urgent matter.',
    ];
    const oldUnits = stored([paragraph(original, ...body)]);
    const newUnits = layOut([paragraph(editedInPlace, ...body), paragraph(lookalikeAtTheEnd)]);
    expect(summary(matchSegments(oldUnits, newUnits))).toEqual([
      'changed s0',
      ...body.map((_, i) => `unchanged s${i + 1}`),
      `new @${body.length + 1}`,
    ]);
  });

  it('keeps each of two alike edited sentences with its own original', () => {
    const template = (country: string) => `We call on the government of ${country} to keep the internet on during the vote.`;
    const oldUnits = stored([
      paragraph(template('Kenya'), 'Kenya votes in August.'),
      paragraph('Meanwhile, elsewhere in the region:'),
      paragraph(template('Uganda'), 'Uganda votes in January.'),
    ]);
    const newUnits = layOut([
      paragraph(template('Kenya').replace('keep', 'please keep'), 'Kenya votes in August.'),
      paragraph('Meanwhile, elsewhere in the region:'),
      paragraph(template('Uganda').replace('keep', 'please keep'), 'Uganda votes in January.'),
    ]);
    expect(summary(matchSegments(oldUnits, newUnits))).toEqual([
      'changed s0',
      'unchanged s1',
      'unchanged s2',
      'changed s3',
      'unchanged s4',
    ]);
  });

  it('recognises an edited sentence with inline placeholders', () => {
    const oldUnits = stored([paragraph('Read the {1}full report{/1} published by the coalition last year.{2/}')]);
    const newUnits = layOut([paragraph('Read the {1}full report{/1} published by the coalition in March last year.{2/}')]);
    expect(summary(matchSegments(oldUnits, newUnits))).toEqual(['changed s0']);
  });

  it('recognises an edited sentence in Thai, where words are not separated by spaces', () => {
    const oldUnits = stored([paragraph('การปิดอินเทอร์เน็ตละเมิดสิทธิในเสรีภาพการแสดงออก'), paragraph('ขอแสดงความนับถือ')]);
    const newUnits = layOut([paragraph('การปิดกั้นอินเทอร์เน็ตละเมิดสิทธิในเสรีภาพการแสดงออกอย่างร้ายแรง'), paragraph('ขอแสดงความนับถือ')]);
    expect(summary(matchSegments(oldUnits, newUnits))).toEqual(['changed s0', 'unchanged s1']);
  });

  it("handles the coordinator's import: a new paragraph, a lost sentence, a rewording, a move and eight signatories", () => {
    const oldBlocks = letterBlocks();
    const oldUnits = stored(oldBlocks);
    const newParagraph = paragraph(
      'Since our last letter, two more countries have announced plans to restrict access during elections.',
      'This makes the commitments below all the more urgent.',
    );
    const reworded = 'They also harm journalists, human rights defenders and millions of ordinary people who rely on the internet to work, learn and stay safe.';
    const newSignatories = signatories(
      'Digital Rights Foundation, Pakistan',
      'Thai Netizen Network',
      'Internet Sans Frontières',
      'Jonction, Senegal',
      'Zaina Foundation, Tanzania',
      'Unwanted Witness, Uganda',
      'SMEX, Lebanon',
      'Bolo Bhi, Pakistan',
    );
    const newBlocks = [
      heading('Keep the internet on during the elections'),
      paragraph(INTRO[0], INTRO[1], reworded),
      newParagraph,
      // CONCERNS[1] is gone; CONCERNS[2] moved to the closing paragraph.
      paragraph(CONCERNS[0]),
      paragraph('We therefore respectfully urge you to:'),
      ...REQUESTS.map(listItem),
      paragraph(CLOSING[0], CONCERNS[2], CLOSING[1]),
      paragraph('Signed,'),
      ...signatories('Access Now', 'Kictanet, Kenya', 'Article 19 Eastern Africa', 'Paradigm Initiative, Nigeria', 'Nawaat, Tunisia'),
      ...newSignatories,
    ];
    const newUnits = layOut(newBlocks);
    const matches = matchSegments(oldUnits, newUnits);
    const key = (text: string) => keyOf(oldUnits, text);
    const at = (text: string) => `new @${positionOf(newUnits, text)}`;

    expect(summary(matches)).toEqual([
      `unchanged ${key('Keep the internet on during the elections')}`,
      `unchanged ${key(INTRO[0])}`,
      `unchanged ${key(INTRO[1])}`,
      `changed ${key(INTRO[2])}`,
      at(newParagraph.texts[0]),
      at(newParagraph.texts[1]),
      `unchanged ${key(CONCERNS[0])}`,
      `removed ${key(CONCERNS[1])}`,
      `unchanged ${key('We therefore respectfully urge you to:')}`,
      ...REQUESTS.map((text) => `unchanged ${key(text)}`),
      `unchanged ${key(CLOSING[0])}`,
      `unchanged ${key(CONCERNS[2])} moved`,
      `unchanged ${key(CLOSING[1])}`,
      `unchanged ${key('Signed,')}`,
      ...['Access Now', 'Kictanet, Kenya', 'Article 19 Eastern Africa', 'Paradigm Initiative, Nigeria', 'Nawaat, Tunisia'].map(
        (name) => `unchanged ${key(name)}`,
      ),
      ...newSignatories.map((block) => at(block.texts[0])),
    ]);
    expectComplete(oldUnits, newUnits, matches);
  });
});

/** A sign-on letter of about a hundred segments: heading, eight paragraphs, a list and seventy signatories. */
function fullLetter(): Block[] {
  const sentences = [
    'Access to the internet is essential for the exercise of human rights in the digital age.',
    'Shutdowns cut people off from emergency services, health information and their families.',
    'They disrupt businesses and cost national economies millions of dollars every day.',
    'Journalists cannot report and citizens cannot verify what they read when the network is down.',
    'Election observers rely on messaging services to transmit results from polling stations.',
    'During previous elections, mobile data was cut in several regions for more than a week.',
    'The authorities justified the measure by pointing to the risk of misinformation.',
    'Yet shutdowns make it harder, not easier, to counter false information.',
    'International standards require any restriction to be provided by law, necessary and proportionate.',
    'Blanket disruptions of connectivity can never meet these requirements.',
    'The African Commission on Human and Peoples’ Rights has called on states to refrain from shutdowns.',
    'Companies also have a responsibility to respect human rights under the UN Guiding Principles.',
    'They should resist unlawful orders and disclose government requests to restrict access.',
    'Transparency about network disruptions builds trust between providers and their customers.',
    'We recall that the right to vote includes the right to seek and share information about the vote.',
    'A free and fair election requires an open, secure and accessible internet.',
    'Civil society organisations stand ready to assist in monitoring connectivity on election day.',
    'We would welcome the opportunity to discuss these recommendations with your office.',
    'Thank you for your attention to this urgent matter.',
    'We look forward to your response.',
  ];
  const requests = [
    'Publicly assure citizens that the internet will remain accessible before, during and after the elections.',
    'Instruct regulators not to order the blocking of websites or social media platforms.',
    'Ensure that internet service providers inform the public of any disruption without delay.',
    'Support independent monitoring of network performance throughout the electoral period.',
  ];
  const names = [
    'Access Now', 'Kictanet, Kenya', 'Article 19 Eastern Africa', 'Paradigm Initiative, Nigeria', 'Nawaat, Tunisia',
    'Africa Freedom of Information Centre', 'AfricTivistes', 'Amnesty International Kenya', 'Bloggers of Zambia',
    'CIPESA', 'Center for Democracy & Technology', 'Committee to Protect Journalists', 'Derechos Digitales',
    'Electronic Frontier Foundation', 'Fundación Karisma, Colombia', 'Global Voices', 'Greenhouse Foundation',
    'Human Rights Watch', 'Internet Society Kenya Chapter', 'Kenya Human Rights Commission', 'Legal Resources Centre',
    'Media Foundation for West Africa', 'Media Institute of Southern Africa', 'Open Observatory of Network Interference',
    'OpenNet Africa', 'PEN America', 'Ranking Digital Rights', 'Reporters Without Borders', 'SMEX, Lebanon',
    'Southeast Asia Freedom of Expression Network', 'Tanzania Human Rights Defenders Coalition', 'The Tor Project',
    'Unwanted Witness, Uganda', 'Web Foundation', 'WITNESS', 'Women of Uganda Network', 'Zimbabwe Lawyers for Human Rights',
    'Association for Progressive Communications', 'Bytes for All, Pakistan', 'Centre for Internet and Society, India',
    'Digital Empowerment Foundation', 'Free Press Unlimited', 'Freedom House', 'Hiperderecho, Peru', 'IFEX',
    'Internet Freedom Foundation', 'Jordan Open Source Association', 'Kictanet, Kenya', 'Lawyers Hub Kenya',
    'Mnemonic', 'Myanmar ICT for Development Organization', 'Paradigm Initiative, Cameroon',
    'Privacy International', 'R3D: Red en Defensa de los Derechos Digitales', 'SFLC.in', 'Sassoufit Collective',
    'Taiwan Association for Human Rights', 'Ubunteam', 'Youth for Technology Foundation', 'Zaina Foundation, Tanzania',
    'Advocacy Assembly', 'Body & Data, Nepal', 'CELE, Argentina', 'Digital Rights Foundation, Pakistan',
    'EngageMedia', 'Foundation for Media Alternatives', 'Homo Digitalis, Greece', 'Innovation for Change',
    'KeepItOn Coalition Uganda', 'Masaar, Egypt', 'Ranking Digital Rights Africa Fellows', 'Thai Netizen Network',
  ];
  return [
    heading('Joint letter: keep the internet on during the 2027 elections'),
    paragraph('Your Excellency,'),
    paragraph(...sentences.slice(0, 4)),
    paragraph(...sentences.slice(4, 8)),
    paragraph(...sentences.slice(8, 11)),
    paragraph(...sentences.slice(11, 14)),
    paragraph('We therefore call on you to:'),
    ...requests.map(listItem),
    paragraph(...sentences.slice(14, 17)),
    paragraph(...sentences.slice(17, 20)),
    paragraph('Sincerely,'),
    ...signatories(...names),
  ];
}

describe('a letter-sized import', () => {
  it('finds exactly the three edits among a hundred segments', () => {
    const oldBlocks = fullLetter();
    const oldUnits = stored(oldBlocks);
    expect(oldUnits.length).toBeGreaterThanOrEqual(95);
    const editedFrom = 'They disrupt businesses and cost national economies millions of dollars every day.';
    const editedTo = 'They disrupt businesses and cost national economies many millions of dollars each day.';
    const deleted = 'The authorities justified the measure by pointing to the risk of misinformation.';
    const inserted = 'Several governments in the region have announced similar measures for the coming months.';
    const newBlocks = fullLetter().map((block) => ({
      ...block,
      texts: block.texts.flatMap((text) => {
        if (text === editedFrom) return [editedTo];
        if (text === deleted) return [];
        if (text === 'Blanket disruptions of connectivity can never meet these requirements.') return [text, inserted];
        return [text];
      }),
    }));
    const newUnits = layOut(newBlocks);
    const matches = matchSegments(oldUnits, newUnits);

    expectComplete(oldUnits, newUnits, matches);
    const notUnchanged = summary(matches).filter((line) => !/^unchanged s\d+$/.test(line));
    expect(notUnchanged).toEqual([
      `changed ${keyOf(oldUnits, editedFrom)}`,
      `removed ${keyOf(oldUnits, deleted)}`,
      `new @${positionOf(newUnits, inserted)}`,
    ]);
    // Both occurrences of "Kictanet, Kenya" kept their own keys.
    expect(matchFor(matches, keyOf(oldUnits, 'Kictanet, Kenya', 0))).toMatchObject({
      type: 'unchanged',
      newPosition: positionOf(newUnits, 'Kictanet, Kenya', 0),
    });
    expect(matchFor(matches, keyOf(oldUnits, 'Kictanet, Kenya', 1))).toMatchObject({
      type: 'unchanged',
      newPosition: positionOf(newUnits, 'Kictanet, Kenya', 1),
    });
  });
});

describe('word-level differences shown to the reviewer', () => {
  const cases: [string, string][] = [
    ['The government must keep the internet on.', 'The authorities must keep the internet on.'],
    ['In the past authorities  blocked it.', 'In the past, authorities blocked it.\n'],
    ['', 'A brand new sentence.'],
    ['A removed sentence.', ''],
    ['Read the {1}report{/1}.{2/}', 'Read the {1}full report{/1}.{2/}'],
    ['การปิดอินเทอร์เน็ตละเมิดสิทธิ', 'การปิดกั้นอินเทอร์เน็ตละเมิดสิทธิ'],
  ];

  it.each(cases)('gives back both texts exactly: %j → %j', (oldText, newText) => {
    const parts = wordDiff(oldText, newText);
    const join = (types: string[]) => parts.filter((part) => types.includes(part.type)).map((part) => part.text).join('');
    expect(join(['same', 'removed'])).toBe(oldText);
    expect(join(['same', 'added'])).toBe(newText);
    for (let i = 1; i < parts.length; i++) expect(parts[i].type).not.toBe(parts[i - 1].type);
    expect(parts.every((part) => part.text !== '')).toBe(true);
  });

  it('marks a replaced word as removed and the new word as added', () => {
    expect(wordDiff('The government must keep the internet on.', 'The authorities must keep the internet on.')).toEqual([
      { type: 'same', text: 'The ' },
      { type: 'removed', text: 'government' },
      { type: 'added', text: 'authorities' },
      { type: 'same', text: ' must keep the internet on.' },
    ]);
  });

  it('shows a Thai word inserted as a whole word, not as scattered letters', () => {
    expect(wordDiff('การปิดอินเทอร์เน็ต', 'การปิดกั้นอินเทอร์เน็ต')).toEqual([
      { type: 'same', text: 'การปิด' },
      { type: 'added', text: 'กั้น' },
      { type: 'same', text: 'อินเทอร์เน็ต' },
    ]);
  });
});

describe('similarity', () => {
  it('is 1 only for texts that are the same after normalisation', () => {
    expect(similarity('Same  text.', ' Same text.')).toBe(1);
    expect(similarity('Kictanet, Kenya', 'KICTANet, Kenya')).toBeLessThan(1);
    expect(similarity('one two three four five six', 'six five four three two one')).toBeLessThan(1);
  });

  it('rates a long sentence with a few words replaced well above two unrelated sentences', () => {
    const original = 'International standards require any restriction to be provided by law, necessary and proportionate to a legitimate aim.';
    const edited = 'International human rights standards require every restriction to be provided by law, necessary and strictly proportionate to a legitimate aim.';
    const unrelated = 'Companies also have a responsibility to respect human rights under the UN Guiding Principles on Business.';
    expect(similarity(original, edited)).toBeGreaterThan(0.75);
    expect(similarity(original, unrelated)).toBeLessThan(0.45);
  });

  it('recognises a sentence whose clauses swapped places through its words', () => {
    const a = 'When the network is down, journalists cannot report and citizens cannot verify what they read.';
    const b = 'Journalists cannot report and citizens cannot verify what they read when the network is down.';
    expect(similarity(a, b)).toBeGreaterThan(0.8);
  });
});

/** Deterministic pseudo-random numbers, so that a failure can be reproduced. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ten', 'ra', 'shu', 'ven', 'do', 'pa', 'ril', 'ost', 'neb', 'qua', 'zim', 'fer', 'gal'];

function sentenceMaker(random: () => number): () => string {
  const word = () =>
    Array.from({ length: 1 + Math.floor(random() * 3) }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
  return () => {
    const words = Array.from({ length: 12 + Math.floor(random() * 14) }, word);
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(' ')}.`;
  };
}

describe('a very large import', () => {
  it('matches 2,000 against 2,000 segments with 50 edits of every kind', () => {
    const random = seededRandom(20240611);
    const sentence = sentenceMaker(random);
    const oldTexts = Array.from({ length: 2000 }, sentence);
    const oldUnits: OldUnit[] = oldTexts.map((text, i) => ({
      key: `k${i}`,
      text,
      position: i,
      block: Math.floor(i / 5),
      kind: 'paragraph-sentence',
    }));

    // 50 edits at distinct, well-spread places: 15 rewordings, 15 removals, 10 insertions, 10 moves.
    const editedAt = Array.from({ length: 50 }, (_, i) => 20 + i * 39);
    const reworded = new Set(editedAt.slice(0, 15));
    const removed = new Set(editedAt.slice(15, 30));
    const insertedAfter = new Set(editedAt.slice(30, 40));
    const moved = new Set(editedAt.slice(40, 50));
    const rewordedText = new Map<number, string>();
    const insertedText = new Map<number, string>();
    const newTexts: { text: string; from: number | null }[] = [];
    for (let i = 0; i < 2000; i++) {
      if (removed.has(i) || moved.has(i)) continue;
      if (reworded.has(i)) {
        const words = oldTexts[i].split(' ');
        words[3] = 'replaced';
        words[7] = 'words';
        rewordedText.set(i, words.join(' '));
        newTexts.push({ text: rewordedText.get(i)!, from: i });
      } else {
        newTexts.push({ text: oldTexts[i], from: i });
      }
      if (insertedAfter.has(i)) {
        insertedText.set(i, sentence());
        newTexts.push({ text: insertedText.get(i)!, from: null });
      }
      if (i === 100) for (const m of moved) newTexts.push({ text: oldTexts[m], from: m }); // moved far up
    }
    const newUnits: NewUnit[] = newTexts.map(({ text }, position) => ({
      text,
      position,
      block: Math.floor(position / 5),
      kind: 'paragraph-sentence',
    }));

    const matches = matchSegments(oldUnits, newUnits);

    expectComplete(oldUnits, newUnits, matches);
    const expected = newTexts.map(({ from }, position) => {
      if (from === null) return `new @${position}`;
      if (reworded.has(from)) return `changed k${from}`;
      return `unchanged k${from}${moved.has(from) ? ' moved' : ''}`;
    });
    expect(summary(matches).filter((line) => !line.startsWith('removed'))).toEqual(expected);
    expect(summary(matches).filter((line) => line.startsWith('removed'))).toEqual([...removed].map((i) => `removed k${i}`));
  });

  it('still recognises every sentence when all 2,000 were edited a little', () => {
    const random = seededRandom(7);
    const sentence = sentenceMaker(random);
    const oldUnits: OldUnit[] = Array.from({ length: 2000 }, (_, i) => ({
      key: `k${i}`,
      text: sentence(),
      position: i,
      block: i,
      kind: 'paragraph-sentence',
    }));
    const newUnits: NewUnit[] = oldUnits.map((unit) => ({ ...unit, text: unit.text.replace(/\.$/, ', indeed.') }));
    const matches = matchSegments(oldUnits, newUnits);
    expect(summary(matches)).toEqual(oldUnits.map((unit) => `changed ${unit.key}`));
  });

  it('follows sentences that were both edited and moved far away in a largely edited document', () => {
    const random = seededRandom(11);
    const sentence = sentenceMaker(random);
    const oldUnits: OldUnit[] = Array.from({ length: 2000 }, (_, i) => ({
      key: `k${i}`,
      text: sentence(),
      position: i,
      block: i,
      kind: 'paragraph-sentence',
    }));
    const movedToTheEnd = new Set([10, 500, 900, 1300]);
    const edit = (text: string) => text.replace(/\.$/, ', indeed.');
    const newOrder = [...oldUnits.filter((unit) => !movedToTheEnd.has(unit.position)), ...[...movedToTheEnd].map((i) => oldUnits[i])];
    const newUnits: NewUnit[] = newOrder.map((unit, position) => ({ ...unit, text: edit(unit.text), position }));
    const matches = matchSegments(oldUnits, newUnits);
    expect(summary(matches)).toEqual(
      newOrder.map((unit) => `changed ${unit.key}${movedToTheEnd.has(unit.position) ? ' moved' : ''}`),
    );
  });

  it('pairs nothing when 2,000 sentences were replaced by 2,000 unrelated ones', () => {
    const random = seededRandom(99);
    const sentence = sentenceMaker(random);
    const oldUnits: OldUnit[] = Array.from({ length: 2000 }, (_, i) => ({
      key: `k${i}`,
      text: `Old letter ${sentence()}`,
      position: i,
      block: i,
      kind: 'paragraph-sentence',
    }));
    const newUnits: NewUnit[] = Array.from({ length: 2000 }, (_, i) => ({
      text: `Nuevo documento ${sentence()}`,
      position: i,
      block: i,
      kind: 'paragraph-sentence',
    }));
    const matches = matchSegments(oldUnits, newUnits);
    expectComplete(oldUnits, newUnits, matches);
    expect(matches.filter((match) => match.type === 'changed' || match.type === 'unchanged')).toEqual([]);
  });
});
