/**
 * Translation states as an ordered scale with gaps, as in Weblate: "ready" is one comparison and progress
 * is one GROUP BY (DESIGN.md "Translation").
 */
export const STATE = {
  untranslated: 0,
  needsWork: 10,
  translated: 20,
  approved: 30,
} as const;

export type StateValue = (typeof STATE)[keyof typeof STATE];
export const STATE_NAMES = ['untranslated', 'needs-work', 'translated', 'approved'] as const;
export type StateName = (typeof STATE_NAMES)[number];

const BY_VALUE: Record<number, StateName> = { 0: 'untranslated', 10: 'needs-work', 20: 'translated', 30: 'approved' };
const BY_NAME: Record<StateName, StateValue> = { untranslated: 0, 'needs-work': 10, translated: 20, approved: 30 };

export function stateName(value: number): StateName {
  const name = BY_VALUE[value];
  if (!name) throw new Error(`unknown translation state ${value}`);
  return name;
}

export function stateValue(name: StateName): StateValue {
  return BY_NAME[name];
}

export function isStateName(value: string): value is StateName {
  return (STATE_NAMES as readonly string[]).includes(value);
}

/** The state an editor save leads to: empty text is untranslated; the translator may flag it as needing work. */
export function stateAfterEdit(text: string, needsWork: boolean): StateValue {
  if (text.trim() === '') return STATE.untranslated;
  return needsWork ? STATE.needsWork : STATE.translated;
}

/** A segment "needs work" for navigation (Ctrl+Enter moves to the next such one): not yet translated or flagged. */
export function needsAttention(state: number): boolean {
  return state < STATE.translated;
}
