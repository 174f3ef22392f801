// Enforces encrypted Secret data in Git: https://fluxcd.io/flux/guides/mozilla-sops/ (and SealedSecrets, External Secrets)
import { defineRule } from '../src/engine/define-rule.js';
import type { YamlPath } from '../src/load/types.js';
import { arr, get, isObj, str } from '../src/graph/read.js';

/**
 * Values that are not secrets themselves: filled in later by Flux substitution (`${VAR}`), Helm or
 * ApplicationSet templates, argocd-vault-plugin and secret-replacer placeholders (`<path:...>`),
 * 1Password (`op://`) and vals (`ref+vault://`) references, or SOPS ciphertext (`ENC[...]`).
 */
function isPlaceholder(v: string): boolean {
  const s = v.trim();
  return s === '' || s.includes('${') || s.includes('{{') || /^<[^<>]+>$/.test(s) || /^(op|ref\+[a-z0-9]+|vault|awssm|gcpsm|azkv):\/?\//i.test(s) || s.startsWith('ENC[');
}

/** A `data` value: base64 of something. Text that is not base64 cannot be applied as is, so a tool fills it in later. */
function plainData(v: string): boolean {
  const s = v.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return false;
  return !isPlaceholder(Buffer.from(s, 'base64').toString('utf8'));
}

/** `stringData.password and data[".dockerconfigjson"]`, at most three named. */
function listFields(paths: YamlPath[]): string {
  const names = paths.map(([field, key]) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(String(key)) ? `${field}.${key}` : `${field}[${JSON.stringify(key)}]`));
  const shown = names.length > 3 ? [...names.slice(0, 3), `${names.length - 3} more`] : names;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export default defineRule({
  id: 'no-unencrypted-secret',
  meta: {
    type: 'suggestion',
    description: 'Keep Secret values in Git encrypted: SOPS, a SealedSecret or an ExternalSecret, never plain data or stringData.',
    rationale:
      'Anyone who can read the repository, its forks, CI logs or an old commit can read a Secret committed with plain data or ' +
      'stringData: base64 is an encoding, not encryption, and removing the value later leaves it in history. Flux decrypts SOPS files ' +
      '(a top-level sops: key and ENC[...] values) at apply time; SealedSecrets and ExternalSecrets keep only ciphertext or a ' +
      'reference in Git. Values that are placeholders filled in later (${VAR}, <path:...>, op://...) are not secrets and are skipped, ' +
      'and so are kustomize secretGenerator literals that are.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      plaintext:
        'Secret "{{name}}" holds {{fields}} in plain text, so everyone with read access to ' +
        'this repository and its history can read it. Encrypt the file with SOPS (sops --encrypt --in-place, decrypted by Flux ' +
        'spec.decryption), or replace it with a SealedSecret or an ExternalSecret, and rotate the value.',
      literal:
        'secretGenerator "{{name}}" has a plain-text literal {{key}}, so everyone with read access to this repository can read it. ' +
        'Move it to an encrypted file (SOPS encrypts .env files too) or an ExternalSecret, and rotate the value.',
    },
  },
  check({ graph, report }) {
    for (const r of graph.resources) {
      if (r.kind !== 'Secret' || r.group !== '' || r.body.sops !== undefined) continue;
      const plain: YamlPath[] = [];
      for (const field of ['stringData', 'data'] as const) {
        const values = r.body[field];
        if (!isObj(values)) continue;
        for (const [key, value] of Object.entries(values)) {
          const s = str(value);
          if (s === undefined) continue;
          if (field === 'stringData' ? !isPlaceholder(s) : plainData(s)) plain.push([field, key]);
        }
      }
      if (plain.length === 0) continue;
      report({
        messageId: 'plaintext',
        data: { name: r.name, fields: listFields(plain) },
        at: { resource: r, path: plain[0]! },
      });
    }
    for (const k of graph.kustomizeFiles) {
      if (k.body.sops !== undefined) continue;
      arr(k.body.secretGenerator).forEach((g, i) => {
        arr(get(g, 'literals')).forEach((lit, j) => {
          const s = str(lit);
          const eq = s?.indexOf('=') ?? -1;
          if (!s || eq < 0 || isPlaceholder(s.slice(eq + 1))) return;
          report({ messageId: 'literal', data: { name: str(get(g, 'name')) ?? '?', key: s.slice(0, eq) }, at: { file: k.file, doc: k.doc, path: ['secretGenerator', i, 'literals', j] } });
        });
      });
    }
  },
});
