import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { projectRoot, renderConfigSchema, renderIndex, renderRuleTable, ruleIds, withRuleTable } from '../dev/gen.js';

/** Rule consistency, checked the way ESLint checks its own rules: one id, three artifacts. */
const root = projectRoot();
const DOC_SECTIONS = ['Why', 'Examples', 'Fix', 'Options', 'When not to use it'];

describe('rule registry', () => {
  it('rules/index.ts lists exactly the rule files (run npm run build && npm run gen when this fails)', () => {
    expect(readFileSync(path.join(root, 'rules', 'index.ts'), 'utf8')).toBe(renderIndex(ruleIds(root)));
  });

  it('schemas/omni-lint-config.schema.json matches the rule metadata (run npm run build && npm run gen when this fails)', () => {
    expect(readFileSync(path.join(root, 'schemas', 'omni-lint-config.schema.json'), 'utf8')).toBe(renderConfigSchema(rules));
  });

  it('README rule table matches the rule metadata (run npm run build && npm run gen when this fails)', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toBe(withRuleTable(readme, renderRuleTable(rules)));
  });
});

for (const rule of rules) {
  describe(`rule ${rule.id}`, () => {
    const source = readFileSync(path.join(root, 'rules', `${rule.id}.ts`), 'utf8');

    it('has an id in kebab-case with an ecosystem prefix or no-', () => {
      expect(rule.id).toMatch(/^(flux|argo|kustomize|gateway|layout|flamingo|no|yaml|file|schema)-[a-z0-9-]+$/);
    });

    it('has a one-sentence description and a rationale', () => {
      expect(rule.meta.description, `description of ${rule.id} must end with a period`).toMatch(/^[A-Z].*\.$/);
      expect(rule.meta.rationale.length).toBeGreaterThan(40);
    });

    it('uses every messageId it declares, and every message ends with a period', () => {
      for (const [id, text] of Object.entries(rule.meta.messages as Record<string, string>)) {
        expect(source.includes(`'${id}'`), `messageId ${id} of ${rule.id} is never reported`).toBe(true);
        expect(text.trimEnd(), `message ${id} of ${rule.id} must end with a period`).toMatch(/\.$/);
      }
    });

    it(`has docs at rules/${rule.id}.md with the standard sections in order`, () => {
      const docPath = path.join(root, 'rules', `${rule.id}.md`);
      expect(existsSync(docPath), `Missing docs for rule ${rule.id}: create rules/${rule.id}.md`).toBe(true);
      const doc = readFileSync(docPath, 'utf8');
      expect(doc.split('\n')[0]).toBe(`# ${rule.id}`);
      const headers = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());
      expect(headers).toEqual(DOC_SECTIONS);
      for (const option of Object.keys(rule.meta.schema?.properties ?? {})) {
        expect(doc.includes(`\`${option}\``), `option ${option} of ${rule.id} is not documented under ## Options`).toBe(true);
      }
    });

    it(`has fixtures/${rule.id}/ with valid-* and invalid-* cases`, () => {
      const dir = path.join(root, 'fixtures', rule.id);
      expect(existsSync(dir), `Missing fixtures for rule ${rule.id}: create fixtures/${rule.id}/valid-*/input and invalid-*/input`).toBe(true);
      const cases = readdirSync(dir);
      expect(cases.some((c) => c.startsWith('valid-')), `${rule.id} needs a valid-* case`).toBe(true);
      expect(cases.some((c) => c.startsWith('invalid-')), `${rule.id} needs an invalid-* case`).toBe(true);
    });
  });
}
