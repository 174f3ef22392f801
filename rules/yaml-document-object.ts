// Enforces that each YAML document of a manifest is one object: https://kubernetes.io/docs/concepts/overview/working-with-objects/#describing-a-kubernetes-object
import { defineRule } from '../src/engine/define-rule.js';
import { get, isObj } from '../src/graph/read.js';
import { manifestFiles } from '../src/graph/manifests.js';
import { isKustomizationFile } from '../src/graph/paths.js';

export default defineRule({
  id: 'yaml-document-object',
  meta: {
    type: 'problem',
    description: 'Write each document of a manifest as one named object (a mapping with metadata.name), never as a bare list or a plain value.',
    rationale:
      'kubectl, kustomize, Flux and Argo CD read every YAML document of a manifest as one Kubernetes object. A document whose top level ' +
      'is a list (items written without apiVersion and kind around them) or a plain value (a stray line of text) fails the whole build, ' +
      'so nothing from that folder is applied; so does an object without metadata.name. Only files that a tool reads as manifests are checked: files a kustomization lists, ' +
      'kustomization files, files below a folder that Flux or Argo CD applies, and files that hold Kubernetes objects in other documents. ' +
      'Helm values, JSON patches and other data may be lists or values.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      list:
        'Document {{doc}} of this file is a YAML list, not an object, but {{by}}: kubectl and kustomize read each document as one ' +
        'object and reject a list, so the build fails. Write each item as its own document after a "---" line, or wrap them in a "kind: List" object.',
      kustomization:
        'This kustomization is {{what}}, not a mapping of fields such as resources: and patches:, so kustomize cannot read it and ' +
        'building this folder fails. Write its entries under resources: (or the field they belong to).',
      scalar:
        'Document {{doc}} of this file is a plain value ({{value}}), not an object, but {{by}}: kubectl and kustomize reject it, so the ' +
        'build fails. Remove it, or turn it into a Kubernetes object.',
      unnamed:
        'Document {{doc}} of this file is a {{kind}} without metadata.name, but {{by}}: kustomize stops the build with "missing ' +
        'metadata.name" (and kubectl apply needs a name too), so nothing from that folder is applied. {{fix}}.',
    },
  },
  check({ graph, query, report }) {
    let manifests: Map<string, string> | undefined;
    for (const file of graph.repo.yaml.values()) {
      if (file.skipped || file.template) continue;
      const bad = file.docs.flatMap((d, i) => (d === null || d === undefined || isObj(d) ? [] : [i]));
      // A kustomization file is kustomize's own configuration, which has no name.
      const unnamed = isKustomizationFile(file.path) ? [] : file.docs.flatMap((d, i) => (isUnnamedObject(d) ? [i] : []));
      if (bad.length === 0 && unnamed.length === 0) continue;
      manifests ??= manifestFiles(query);
      const listed = manifests.get(file.path);
      for (const i of unnamed) {
        if (listed === undefined) break;
        const doc = file.docs[i] as Record<string, unknown>;
        const kind = String(doc.kind);
        // A kustomize Kustomization or Component pasted into a resource file: kustomize reads it as an object.
        const fix = String(doc.apiVersion).startsWith('kustomize.config.k8s.io/')
          ? `A ${kind} belongs in a file named kustomization.yaml, in a folder that is listed (by its path) instead of this file`
          : 'Give the object a metadata.name';
        report({ messageId: 'unnamed', data: { doc: i + 1, kind, by: listed, fix }, at: { file: file.path, doc: i, path: isObj(doc.metadata) ? ['metadata'] : [] } });
      }
      if (bad.length === 0) continue;
      const hasObjects = file.docs.some((d) => isObj(d) && typeof d.apiVersion === 'string' && typeof d.kind === 'string');
      const by = listed ?? (hasObjects ? 'the other documents of this file are Kubernetes objects, so it is a manifest' : undefined);
      if (by === undefined) continue;
      for (const i of bad) {
        const value = file.docs[i];
        const at = { file: file.path, doc: i, path: [] };
        if (isKustomizationFile(file.path)) report({ messageId: 'kustomization', data: { what: Array.isArray(value) ? 'a YAML list' : `a plain value (${show(value)})` }, at });
        else if (Array.isArray(value)) report({ messageId: 'list', data: { doc: i + 1, by }, at });
        else report({ messageId: 'scalar', data: { doc: i + 1, by, value: show(value) }, at });
      }
    }
  },
});

/**
 * An object (apiVersion and kind) with no metadata.name. A `kind: List` has none by design: kustomize
 * and kubectl read its items instead. A generateName does not do: kustomize needs a name all the same.
 */
function isUnnamedObject(doc: unknown): boolean {
  if (!isObj(doc) || typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string' || doc.kind.endsWith('List')) return false;
  const name = get(doc, 'metadata', 'name');
  // kustomize reads any scalar as the name (`name: 12345`, `name: true`); a map, a list or null is none.
  return !((typeof name === 'string' && name !== '') || typeof name === 'number' || typeof name === 'boolean');
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
