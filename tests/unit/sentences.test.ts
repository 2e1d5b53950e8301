import { describe, expect, it } from 'vitest';
import { segment } from '../support/rules';

const sentences = (text: string) => segment(text, 'text/plain').segments.map((s) => s.text);
const markdownSentences = (text: string) => segment(text, 'text/markdown').segments.map((s) => s.text);

describe('sentence breaking (gold FORMAT.md rules 3-7)', () => {
  it('breaks after full stops, question and exclamation marks followed by a new sentence', () => {
    expect(sentences('Governments control the ITU. Leaked documents show it! Why now? Because.')).toEqual([
      'Governments control the ITU.', 'Leaked documents show it!', 'Why now?', 'Because.',
    ]);
  });

  it('keeps closing quotes, brackets and footnote markers with the sentence they close', () => {
    expect(sentences('He said “stop the treaty.” Then he left.')).toEqual(['He said “stop the treaty.”', 'Then he left.']);
    expect(sentences('It was signed (by many.) Others refused.')).toEqual(['It was signed (by many.)', 'Others refused.']);
    expect(sentences('See the report.[1] It is long.')).toEqual(['See the report.[1]', 'It is long.']);
    expect(sentences('As agreed.¹ Next item.')).toEqual(['As agreed.¹', 'Next item.']);
    expect(sentences('They agreed.” [footnoteRef:3] The rest followed.')).toEqual(['They agreed.” [footnoteRef:3]', 'The rest followed.']);
  });

  it('does not break after abbreviations that lead into more of the sentence', () => {
    expect(sentences('Resolution 14 (Rev. Antalya, 2006) applies. See No. 237 of the Convention.')).toEqual([
      'Resolution 14 (Rev. Antalya, 2006) applies.', 'See No. 237 of the Convention.',
    ]);
    expect(sentences('Talk to Dr. Smith and Prof. Jones, e.g. at the meeting on 14 Nov. 2012 in Dubai.')).toHaveLength(1);
    expect(sentences('The letter was drafted by J. R. Smith last year.')).toHaveLength(1);
    expect(sentences('Art. 3 and paras. 35-36 apply, etc.; the rest does not.')).toHaveLength(1);
  });

  it('breaks after an abbreviation that ends the sentence', () => {
    expect(sentences('The letter was signed by the U.S. Several others refused.')).toEqual([
      'The letter was signed by the U.S.', 'Several others refused.',
    ]);
    expect(sentences('Ask the U.S. Government for the text.')).toHaveLength(1);
  });

  it('does not break inside decimals, versions, references, URLs or e-mail addresses', () => {
    expect(sentences('Output 3.1 of ITU-T D.262 v2.1 covers it (Question 22‑1/1).')).toHaveLength(1);
    expect(sentences('Read www.itu.int/plenipotentiary/ first. Write to info@cdt.org. Then wait.')).toEqual([
      'Read www.itu.int/plenipotentiary/ first.', 'Write to info@cdt.org.', 'Then wait.',
    ]);
  });

  it('keeps the full stop after an obfuscated e-mail address with its sentence', () => {
    expect(sentences('To sign the letter, contact [email protected]. Thank you.')).toEqual([
      'To sign the letter, contact [email protected].', 'Thank you.',
    ]);
  });

  it('does not break before a lower-case continuation, nor at semicolons and colons', () => {
    expect(sentences('"Why now?" asked the chair.')).toHaveLength(1);
    expect(sentences('We waited... and then it came.')).toHaveLength(1);
    expect(sentences('that the rights are set out; that the duties follow: and so on.')).toHaveLength(1);
  });

  it('breaks after an ellipsis followed by a new sentence', () => {
    expect(sentences('We waited… Nothing came.')).toEqual(['We waited…', 'Nothing came.']);
  });

  it('splits sentences inside quotations, keeping the quote marks with their text', () => {
    expect(sentences('The Commitment states: "We recognize the principles. We affirm the need." It goes on.')).toEqual([
      'The Commitment states: "We recognize the principles.', 'We affirm the need."', 'It goes on.',
    ]);
  });

  it('keeps closing emphasis with the sentence in Markdown', () => {
    expect(markdownSentences('**We call on governments to act.** Others agree.')).toEqual([
      '**We call on governments to act.**', 'Others agree.',
    ]);
  });

  it('knows the abbreviations of ITU and campaign texts listed in workbench.srx', () => {
    expect(sentences('See Res. 130 and Doc. 5 of the Council. It was adopted.')).toEqual(['See Res. 130 and Doc. 5 of the Council.', 'It was adopted.']);
    expect(sentences('She holds a Ph.D. from Dakar and works on Rec. ITU-T D.262 v2.1 daily.')).toHaveLength(1);
    expect(sentences('She holds a Ph.D. The thesis was on spectrum.')).toEqual(['She holds a Ph.D.', 'The thesis was on spectrum.']);
    expect(sentences('Under Art. 19 of the Covenant, expression is free. Version 3.0.1 is out.')).toEqual([
      'Under Art. 19 of the Covenant, expression is free.', 'Version 3.0.1 is out.',
    ]);
    expect(sentences('He won\'t say no. Not really.')).toEqual(['He won\'t say no.', 'Not really.']);
    expect(sentences('It was signed by the Rev. Dr. King Jr. and others.')).toHaveLength(1);
  });
});

