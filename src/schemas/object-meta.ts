/**
 * What a Kubernetes object's `metadata` may hold (ObjectMeta). The API server validates metadata
 * itself, whatever the CRD says, so built-in schemas and converted CRDs share this one, closed so
 * that `metadata.label` or a number as a label value is caught.
 */
const str = { type: 'string' };
const strMap = { type: 'object', additionalProperties: str };
const objects = { type: 'array', items: { type: 'object' } };

export const OBJECT_META: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: str,
    generateName: str,
    namespace: str,
    labels: strMap,
    annotations: strMap,
    finalizers: { type: 'array', items: str },
    ownerReferences: objects,
    uid: str,
    resourceVersion: str,
    generation: { type: 'integer' },
    // `kubectl create --dry-run -o yaml` writes `creationTimestamp: null`.
    creationTimestamp: { type: ['string', 'null'] },
    deletionTimestamp: { type: ['string', 'null'] },
    deletionGracePeriodSeconds: { type: 'integer' },
    managedFields: objects,
    selfLink: str,
  },
};
