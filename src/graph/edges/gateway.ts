import { GATEWAY_GROUP, isRoute } from '../kinds.js';
import { arr, get, getStr } from '../read.js';
import type { Origin, Resource } from '../types.js';
import { at, type EdgeSink } from './sink.js';

/** parentRefs and backendRefs of Gateway API routes (gateway.networking.k8s.io/v1). */
export function extractGatewayEdges(r: Resource, sink: EdgeSink): void {
  if (!isRoute(r)) return;
  const o: Omit<Origin, 'path'> = { file: r.file, doc: r.doc, resource: r };
  arr(get(r.body, 'spec', 'parentRefs')).forEach((p, i) => {
    const name = getStr(p, 'name');
    const kind = getStr(p, 'kind') ?? 'Gateway';
    const group = getStr(p, 'group') ?? GATEWAY_GROUP;
    if (!name || kind !== 'Gateway' || group !== GATEWAY_GROUP) return;
    sink.add('gateway-parent', at(o, ['spec', 'parentRefs', i, 'name']), {
      type: 'resource',
      kinds: ['Gateway'],
      name,
      namespace: getStr(p, 'namespace') ?? r.namespace,
    });
  });
  arr(get(r.body, 'spec', 'rules')).forEach((rule, i) => {
    arr(get(rule, 'backendRefs')).forEach((b, j) => {
      const name = getStr(b, 'name');
      const kind = getStr(b, 'kind') ?? 'Service';
      const group = getStr(b, 'group') ?? '';
      if (!name || kind !== 'Service' || group !== '') return;
      sink.add('gateway-backend', at(o, ['spec', 'rules', i, 'backendRefs', j, 'name']), {
        type: 'resource',
        kinds: ['Service'],
        name,
        namespace: getStr(b, 'namespace') ?? r.namespace,
      });
    });
  });
}
