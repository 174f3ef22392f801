import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../dev/gen.js';
import { isKustomizeConfig, KUSTOMIZATION_FIELDS, kustomizationHeaderProblem } from './kustomization-header.js';

// Each case was checked with `kubectl kustomize` (kubectl 1.32, kustomize 5.5).
describe('kustomizationHeaderProblem', () => {
  it('accepts the headers kustomize accepts', () => {
    expect(kustomizationHeaderProblem({ resources: [] })).toBeUndefined();
    expect(kustomizationHeaderProblem({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' })).toBeUndefined();
    expect(kustomizationHeaderProblem({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component' })).toBeUndefined();
    expect(kustomizationHeaderProblem({ kind: 'Component' })).toBeUndefined();
    expect(kustomizationHeaderProblem({ kind: 'Kustomization' })).toBeUndefined();
    expect(kustomizationHeaderProblem({ apiVersion: 'kustomize.config.k8s.io/v1beta1' })).toBeUndefined();
    expect(kustomizationHeaderProblem({ apiVersion: '', kind: 'Kustomization' })).toBeUndefined();
    expect(kustomizationHeaderProblem({ apiVersion: null, kind: null })).toBeUndefined();
    // Not decodable at all: a type problem, not a header kustomize refuses.
    expect(kustomizationHeaderProblem({ apiVersion: 1 })).toBeUndefined();
  });

  it('says what kustomize says of a wrong apiVersion or kind', () => {
    const flux = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'a' }, spec: { path: './' } };
    expect(kustomizationHeaderProblem(flux)).toEqual({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      expected: 'apiVersion: kustomize.config.k8s.io/v1beta1, kind: Kustomization',
      foreign: ['spec'],
      error: 'invalid Kustomization: json: unknown field "spec"',
    });
    expect(kustomizationHeaderProblem({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', resources: [] })?.error)
      .toBe('apiVersion for Kustomization should be kustomize.config.k8s.io/v1beta1');
    expect(kustomizationHeaderProblem({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', resources: [] })?.error)
      .toBe('apiVersion for Kustomization should be kustomize.config.k8s.io/v1beta1');
    expect(kustomizationHeaderProblem({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Component' })?.error)
      .toBe('apiVersion for Component should be kustomize.config.k8s.io/v1alpha1');
    expect(kustomizationHeaderProblem({ apiVersion: 'v1', kind: 'ConfigMap', resources: [] })?.error).toBe('kind should be Kustomization or Component');
    expect(kustomizationHeaderProblem({ KIND: 'ConfigMap', Resources: [] })?.foreign).toEqual([]);
    expect(kustomizationHeaderProblem({ kind: 'kustomization' })?.error).toBe('kind should be Kustomization or Component');
  });

  it('isKustomizeConfig', () => {
    expect(isKustomizeConfig({ resources: [] })).toBe(true);
    expect(isKustomizeConfig({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', spec: {} })).toBe(false);
    expect(isKustomizeConfig(['a'])).toBe(false);
  });
});

describe('KUSTOMIZATION_FIELDS', () => {
  it('are the fields of the built-in kustomize schemas', () => {
    for (const name of ['kustomization.json', 'component.json']) {
      const schema = JSON.parse(readFileSync(path.join(projectRoot(), 'schemas', 'kustomize', name), 'utf8')) as { properties: object };
      expect(Object.keys(schema.properties).sort()).toEqual([...KUSTOMIZATION_FIELDS].sort());
    }
  });
});
