// Enforces that each YAML document of a manifest is one object: https://kubernetes.io/docs/concepts/overview/working-with-objects/#describing-a-kubernetes-object
import { defineRule } from '../src/engine/define-rule.js';
import { getStr, isObj } from '../src/graph/read.js';
import type { Resource } from '../src/graph/types.js';
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
      if (bad.length === 0) continue;
      manifests ??= manifestFiles(query);
      const hasObjects = file.docs.some((d) => isObj(d) && typeof d.apiVersion === 'string' && typeof d.kind === 'string');
      const by = manifests.get(file.path) ?? (hasObjects ? 'the other documents of this file are Kubernetes objects, so it is a manifest' : undefined);
      if (by === undefined) continue;
      for (const i of bad) {
        const value = file.docs[i];
        const at = { file: file.path, doc: i, path: [] };
        if (isKustomizationFile(file.path)) report({ messageId: 'kustomization', data: { what: Array.isArray(value) ? 'a YAML list' : `a plain value (${show(value)})` }, at });
        else if (Array.isArray(value)) report({ messageId: 'list', data: { doc: i + 1, by }, at });
        else report({ messageId: 'scalar', data: { doc: i + 1, by, value: show(value) }, at });
      }
    }
    // Kustomization files are kustomize's own configuration, which has no name; they are no resources.
    for (const r of graph.resources) {
      if (!isUnnamed(r)) continue;
      manifests ??= manifestFiles(query);
      const by = manifests.get(r.file);
      if (by === undefined) continue;
      // A kustomize Kustomization or Component pasted into a resource file: kustomize reads it as an object.
      const fix = r.group === 'kustomize.config.k8s.io'
        ? `A ${r.kind} belongs in a file named kustomization.yaml, in a folder that is listed (by its path) instead of this file`
        : 'Give the object a metadata.name';
      report({ messageId: 'unnamed', data: { doc: r.doc + 1, kind: r.kind, by, fix }, at: { resource: r, path: isObj(r.body.metadata) ? ['metadata'] : [] } });
    }
  },
});

/**
 * An object with no metadata.name. kustomize reads any scalar as the name (`name: 12345`, `name:
 * true`), as getStr does; a map, a list or null is none, and a generateName does not do either. A
 * `kind: List` has no name by design: kustomize and kubectl read its items instead.
 */
function isUnnamed(r: Resource): boolean {
  return !r.kind.endsWith('List') && !getStr(r.body, 'metadata', 'name');
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
