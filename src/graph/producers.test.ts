import { describe, expect, it } from 'vitest';
import { ResourceIndex } from './index-resources.js';
import { findProduced, producedObjects } from './producers.js';
import { toResource } from './build.js';
import type { KustomizeFile, Resource } from './types.js';

const res = (body: Record<string, unknown>): Resource => toResource('x.yaml', 0, body)!;

describe('producedObjects', () => {
  const resources = [
    res({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'es', namespace: 'a' }, spec: { target: { name: 'db' } } }),
    res({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'plain', namespace: 'a' }, spec: {} }),
    res({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'ss', namespace: 'a' }, spec: { template: { metadata: { name: 'sealed' } } } }),
    res({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c', namespace: 'a' }, spec: { secretName: 'tls' } }),
    // Same kind name, other group: not a producer.
    res({ apiVersion: 'example.com/v1', kind: 'Certificate', metadata: { name: 'd', namespace: 'a' }, spec: { secretName: 'nope' } }),
  ];
  const kustomize: KustomizeFile[] = [
    { dir: 'k', file: 'k/kustomization.yaml', doc: 0, isComponent: false, body: { configMapGenerator: [{ name: 'settings' }, { name: 'plain', options: { disableNameSuffixHash: true } }] } },
  ];
  const produced = producedObjects(new ResourceIndex(resources), kustomize);

  it('finds operator Secrets by the name they write, in their namespace', () => {
    expect(findProduced(produced, ['Secret'], 'db', 'a')).toHaveLength(1);
    expect(findProduced(produced, ['Secret'], 'db', 'b')).toHaveLength(0);
    expect(findProduced(produced, ['Secret'], 'plain', 'a')).toHaveLength(1);
    expect(findProduced(produced, ['Secret'], 'sealed', 'a')).toHaveLength(1);
    expect(findProduced(produced, ['Secret'], 'tls', undefined)).toHaveLength(1);
    expect(findProduced(produced, ['Secret'], 'nope', 'a')).toHaveLength(0);
  });

  it('marks generated names that get a hash suffix', () => {
    expect(findProduced(produced, ['ConfigMap'], 'settings', 'anywhere')[0]).toMatchObject({ hashed: true });
    expect(findProduced(produced, ['ConfigMap'], 'plain', undefined)[0]).toMatchObject({ hashed: false });
  });
});
