import { describe, expect, it } from 'vitest';
import { apiVersionVerdict, releaseAtLeast } from './api-versions.js';

describe('apiVersionVerdict', () => {
  it('follows the Flux release that is targeted', () => {
    expect(apiVersionVerdict('kustomize.toolkit.fluxcd.io', 'v1beta2', 'Kustomization', {}, '2.7')).toEqual({
      ecosystem: 'flux', state: 'deprecated', removedIn: '2.8', replacement: 'kustomize.toolkit.fluxcd.io/v1',
    });
    expect(apiVersionVerdict('kustomize.toolkit.fluxcd.io', 'v1beta2', 'Kustomization', {}, '2.8')?.state).toBe('removed');
    expect(apiVersionVerdict('helm.toolkit.fluxcd.io', 'v2beta1', 'HelmRelease', {}, '2.7')?.state).toBe('removed');
  });

  it('keeps the newest version a release serves as current', () => {
    expect(apiVersionVerdict('source.toolkit.fluxcd.io', 'v1beta2', 'OCIRepository', {}, '2.5')).toBeUndefined();
    expect(apiVersionVerdict('image.toolkit.fluxcd.io', 'v1beta2', 'ImagePolicy', {}, '2.6')).toBeUndefined();
    // Not deprecated before it was dropped.
    expect(apiVersionVerdict('image.toolkit.fluxcd.io', 'v1beta1', 'ImagePolicy', {}, '2.6')).toBeUndefined();
    expect(apiVersionVerdict('image.toolkit.fluxcd.io', 'v1beta1', 'ImagePolicy', {}, '2.7')).toMatchObject({ state: 'removed', replacement: 'image.toolkit.fluxcd.io/v1' });
    expect(apiVersionVerdict('notification.toolkit.fluxcd.io', 'v1beta2', 'Alert', {}, '2.9')).toMatchObject({ replacement: 'notification.toolkit.fluxcd.io/v1beta3' });
  });

  it('knows Kubernetes removals and which keep their schema', () => {
    expect(apiVersionVerdict('batch', 'v1beta1', 'CronJob', {}, '2.7')).toMatchObject({ removedIn: '1.25', replacement: 'batch/v1', sameSchema: true });
    expect(apiVersionVerdict('extensions', 'v1beta1', 'Ingress', {}, '2.7')).toMatchObject({ removedIn: '1.22', sameSchema: false });
    expect(apiVersionVerdict('policy', 'v1beta1', 'PodDisruptionBudget', { spec: { selector: {} } }, '2.7')).toMatchObject({ sameSchema: false });
    expect(apiVersionVerdict('policy', 'v1beta1', 'PodDisruptionBudget', { spec: { selector: { matchLabels: { a: 'b' } } } }, '2.7')).toMatchObject({ sameSchema: true });
    expect(apiVersionVerdict('policy', 'v1', 'PodDisruptionBudget', {}, '2.7')).toBeUndefined();
    // Another group's Kustomization is none of ours.
    expect(apiVersionVerdict('example.com', 'v1beta1', 'Kustomization', {}, '2.7')).toBeUndefined();
  });

  it('leaves ReferenceGrant v1beta1, still its storage version, alone', () => {
    expect(apiVersionVerdict('gateway.networking.k8s.io', 'v1beta1', 'ReferenceGrant', {}, '2.7')).toBeUndefined();
    expect(apiVersionVerdict('gateway.networking.k8s.io', 'v1beta1', 'HTTPRoute', {}, '2.7')).toMatchObject({ state: 'beta' });
  });

  it('compares releases numerically', () => {
    expect(releaseAtLeast('2.10', '2.9')).toBe(true);
    expect(releaseAtLeast('2.7', '2.8')).toBe(false);
  });
});
