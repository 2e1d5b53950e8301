import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve('app');
const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const full = path.join(dir, entry.name);
  if (entry.isDirectory()) return sources(full);
  return /\.(tsx?|jsx?)$/.test(entry.name) ? [full] : [];
});
const files = [...sources(path.join(root, 'components')), ...sources(path.join(root, 'routes')), path.join(root, 'root.tsx')];
const locales = path.resolve('locales', 'en');
const strings = Object.fromEntries(fs.readdirSync(locales).map((f) => [f.replace('.json', ''), JSON.parse(fs.readFileSync(path.join(locales, f), 'utf8'))]));

function lookup(namespace: string, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), strings[namespace]);
}

describe('interface strings', () => {
  it('no component or route writes words into the page itself: they come from locales/', () => {
    const literal = /<[a-zA-Z][^<>]*>\s*([\p{L}][^<>{}]*\p{L})\s*</u;
    const offenders = files.flatMap((file) => fs.readFileSync(file, 'utf8').split('\n')
      .filter((line) => literal.test(line) && !line.trim().startsWith('//') && !line.trim().startsWith('*'))
      .map((line) => `${path.relative(root, file)}: ${line.trim()}`));
    expect(offenders).toEqual([]);
  });

  it('every key the code asks for by name exists in English', () => {
    const keys = new Set<string>();
    for (const file of files) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-z]+):([\w.-]+)'/g)) keys.add(`${m[1]}:${m[2]}`);
    }
    expect(keys.size).toBeGreaterThan(30);
    const missing = [...keys].filter((k) => {
      const [ns, key] = k.split(':');
      return lookup(ns, key) === undefined && lookup(ns, `${key}_other`) === undefined && lookup(ns, `${key}_one`) === undefined;
    });
    expect(missing).toEqual([]);
  });

  it('every error code has a message for people', () => {
    const codes = [...fs.readFileSync(path.join(root, 'domain', 'errors.ts'), 'utf8').matchAll(/\| '([a-z_]+)'/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(15);
    expect(codes.filter((code) => typeof strings.errors[code] !== 'string')).toEqual([]);
  });
});
