import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fluxSourceRefExists from '../../rules/flux-source-ref-exists.js';
import { removeTree } from '../testing/fs-tree.js';
import { defaultConfig } from './config.js';
import { defineRule } from './define-rule.js';
import { lintDirectory } from './run.js';
import type { Rule } from './types.js';

const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-crash-'));
  temps.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const CM = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
const KS = `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: missing\n`;

const meta = { type: 'problem', description: 'Test.', rationale: 'Test.', severity: 'error', recommended: true, defaultOptions: {}, messages: { seen: 'Seen {{name}}.' } } as const;

/** Crashes on the ConfigMap named "boom", the way a rule with a bug meets input it did not expect. */
const crashesOnBoom = defineRule({
  id: 'crashes-on-boom',
  meta,
  check({ query }) {
    for (const r of query.ofKind('ConfigMap')) {
      const data = (r.body as { data?: { nested?: { deeper: string } } }).data;
      if (r.name === 'boom') void data!.nested!.deeper.length;
    }
  },
}) as unknown as Rule;

/** Crashes through the files of the repository, after reporting one of them. */
const crashesInFiles = defineRule({
  id: 'crashes-in-files',
  meta,
  check({ graph, report }) {
    for (const file of graph.repo.yaml.values()) {
      if (file.path === 'a.yaml') report({ messageId: 'seen', data: { name: file.path }, at: { file: file.path, line: 1 } });
      if (file.path === 'b/late.yaml') throw new TypeError('cannot read properties of undefined');
    }
  },
}) as unknown as Rule;

/** Crashes before touching anything in the repository. */
const crashesAtOnce = defineRule({
  id: 'crashes-at-once',
  meta,
  check() {
    throw new Error('out of cheese.');
  },
}) as unknown as Rule;

describe('a crash inside a rule', () => {
  const root = (): string => repo({ 'a.yaml': CM('fine'), 'apps/boom.yaml': CM('boom'), 'b/late.yaml': CM('late'), 'clusters/ks.yaml': KS });
  const run = (rules: Rule[]) => lintDirectory(root(), { config: defaultConfig(), rules }).findings.map((f) => `${f.file}:${f.line} ${f.ruleId}: ${f.message}`);

  it('becomes an internal-error finding naming the rule and the file it was checking, and the other rules still report', () => {
    expect(run([crashesOnBoom, fluxSourceRefExists as unknown as Rule])).toEqual([
      "apps/boom.yaml:1 internal-error: Rule crashes-on-boom crashed while checking apps/boom.yaml: Cannot read properties of undefined (reading 'nested'). Its other findings are missing; this is a bug in omni-lint, please report it with this file.",
      expect.stringMatching(/^clusters\/ks\.yaml:12 flux-source-ref-exists: Kustomization "apps" references GitRepository "missing"/),
    ]);
  });

  it('keeps what the rule reported before it crashed, and names the file it crashed in, not the last one it reported', () => {
    expect(run([crashesInFiles])).toEqual([
      'a.yaml:1 crashes-in-files: Seen a.yaml.',
      'b/late.yaml:1 internal-error: Rule crashes-in-files crashed while checking b/late.yaml: cannot read properties of undefined. Its other findings are missing; this is a bug in omni-lint, please report it with this file.',
    ]);
  });

  it('names no file when the rule crashed before reading any', () => {
    expect(run([crashesAtOnce, crashesOnBoom])).toEqual([
      ':1 internal-error: Rule crashes-at-once crashed: out of cheese. Its other findings are missing; this is a bug in omni-lint, please report it.',
      expect.stringMatching(/^apps\/boom\.yaml:1 internal-error: Rule crashes-on-boom crashed while checking apps\/boom\.yaml/),
    ]);
  });
});
