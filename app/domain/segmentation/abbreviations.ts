/**
 * English abbreviation knowledge for sentence breaking (gold FORMAT.md rule 5).
 *
 * Three behaviours, because "an abbreviation with more of the same sentence after it" is not one thing:
 * - `NEVER_FINAL`: words that always lead into something (a name, a number, an example): `Rev. Antalya`,
 *   `No. 237`, `Dr. Smith`, `e.g. the`. Their full stop never ends a sentence.
 * - `DATE_ABBREVIATIONS`: months, which end a sentence only when a capitalised word (not a number) follows.
 * - dotted acronyms (`U.S.`, `U.N.`) and `CAN_END`: they often end sentences (`…signed by the U.S. Several
 *   others…`) but also precede capitalised names (`the U.S. Government`), so they end one only when the next
 *   word is a usual sentence opener (see `SENTENCE_OPENERS`).
 */

export const NEVER_FINAL = new Set([
  'Mr', 'Mrs', 'Ms', 'Mx', 'Dr', 'Prof', 'Sr', 'St', 'Mt', 'Rev', 'Hon', 'Messrs', 'Mmes', 'Gen', 'Col', 'Lt', 'Capt',
  'Sgt', 'Gov', 'Sen', 'Rep', 'Amb', 'Pres', 'Supt',
  'No', 'Nos', 'no', 'nos', 'Art', 'Arts', 'art', 'para', 'paras', 'Para', 'Paras', 'p', 'pp', 'Vol', 'Vols', 'vol',
  'vols', 'Fig', 'Figs', 'fig', 'figs', 'Sec', 'Secs', 'sec', 'Ch', 'Chap', 'ch', 'Res', 'Doc', 'Docs', 'Ref', 'ref',
  'Rec', 'Recs', 'Ann', 'Add', 'Corr', 'Suppl', 'Nr', 'Op', 'Ed', 'Eds', 'ed', 'eds', 'Dept', 'Est', 'Tel', 'tel',
  'Fax', 'fax', 'cf', 'Cf', 'vs', 'v', 'viz', 'approx', 'ca', 'resp', 'incl', 'excl', 'min', 'max', 'abbr', 'Ave',
  'Blvd', 'Rd', 'Univ', 'Assn', 'Bros', 'Pt', 'Pts', 'Sch', 'Ex',
  'e.g', 'i.e', 'E.g', 'I.e', 'a.k.a', 'c.f', 'n.b', 'N.B', 'et', 'Cl', 'cl',
]);

export const DATE_ABBREVIATIONS = new Set([
  'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
]);

export const CAN_END = new Set([
  'etc', 'Inc', 'Ltd', 'Co', 'Corp', 'Jr', 'al', 'Bros', 'Ph.D', 'PhD', 'Esq', 'a.m', 'p.m', 'A.M', 'P.M', 'B.A',
  'M.A', 'LL.M', 'M.Sc', 'B.Sc',
]);

/** Words that open a new sentence far more often than they continue a name after `U.S.`, `Inc.` and so on. */
export const SENTENCE_OPENERS = new Set([
  'A', 'An', 'The', 'This', 'That', 'These', 'Those', 'It', 'Its', 'We', 'Our', 'They', 'Their', 'He', 'She', 'His',
  'Her', 'I', 'You', 'Your', 'There', 'Here', 'In', 'On', 'At', 'As', 'By', 'For', 'From', 'To', 'With', 'Without',
  'But', 'And', 'Or', 'So', 'Yet', 'If', 'When', 'While', 'Although', 'Though', 'Because', 'Since', 'After', 'Before',
  'However', 'Moreover', 'Furthermore', 'Further', 'Thus', 'Therefore', 'Meanwhile', 'Also', 'Still', 'Then',
  'Several', 'Many', 'Most', 'Some', 'All', 'Each', 'Every', 'No', 'None', 'Other', 'Others', 'Such', 'What', 'Who',
  'Which', 'Why', 'How', 'Where', 'Please', 'Yes', 'Both', 'Neither', 'Either', 'One', 'Two', 'Three', 'Today',
  'Now', 'Instead', 'Indeed', 'Finally', 'First', 'Second', 'Third', 'Last', 'Nevertheless', 'Nonetheless',
  'Unfortunately', 'Fortunately', 'Recently', 'Currently', 'Similarly', 'Likewise', 'Accordingly', 'Consequently',
  'Hence', 'Given', 'Despite', 'Under', 'Over', 'Through', 'During', 'Among', 'Between', 'Against', 'Only', 'Even',
  'Not', 'Do', 'Does', 'Did', 'Is', 'Are', 'Was', 'Were', 'Can', 'Could', 'Will', 'Would', 'Should', 'May', 'Might',
  'Must', 'Let', 'Let’s', "Let's", 'More', 'Much', 'Another', 'Any', 'If', 'Unless', 'Until', 'Whether',
]);

/** A dotted acronym such as `U.S`, `U.N`, `E.U`, `Ph.D` (the final dot is the candidate break). */
export const DOTTED_ACRONYM = /^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u;
