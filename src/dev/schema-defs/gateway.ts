// Gateway API kinds (gateway.networking.k8s.io), from the field lists of the v1.6 standard-channel CRDs
// (shared/crds/gateway.networking.k8s.io). Experimental-channel fields are not accepted: a repository that
// installs the experimental CRDs should vendor them, and their schemas then take precedence.
import {
  bool,
  def,
  list,
  obj,
  oneOf,
  range,
  resource,
  str,
  strList,
  strMap,
  type KindSchema,
  type Schema,
} from './dsl.js';

const GATEWAY = 'gateway.networking.k8s.io';

const port = range(1, 65535);
const parentRef = def('parentReference', obj({ 'name!': str, group: str, kind: str, namespace: str, port, sectionName: str }));
const backendObjectRef = obj({ 'name!': str, group: str, kind: str, namespace: str, port });
const header = list(obj({ 'name!': str, 'value!': str }));
const headerModifier = def('headerModifier', obj({ add: header, remove: strList, set: header }));
const requestMirror = def(
  'requestMirror',
  obj({
    'backendRef!': backendObjectRef,
    fraction: obj({ 'numerator!': range(0), denominator: range(1) }),
    percent: range(0, 100),
  }),
);
const extensionRef = obj({ 'group!': str, 'kind!': str, 'name!': str });
const pathModifier = obj({ 'type!': oneOf('ReplaceFullPath', 'ReplacePrefixMatch'), replaceFullPath: str, replacePrefixMatch: str });
const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
const headerMatch = list(obj({ 'name!': str, 'value!': str, type: oneOf('Exact', 'RegularExpression') }));
const labelSelector = def(
  'labelSelector',
  obj({ matchExpressions: list(obj({ 'key!': str, 'operator!': str, values: strList })), matchLabels: strMap }),
);

const httpFilter = def(
  'httpRouteFilter',
  obj({
    'type!': oneOf('RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'RequestRedirect', 'URLRewrite', 'ExtensionRef', 'CORS'),
    cors: obj({
      allowCredentials: bool,
      allowHeaders: strList,
      allowMethods: list(oneOf(...methods, '*')),
      allowOrigins: strList,
      exposeHeaders: strList,
      maxAge: range(1),
    }),
    extensionRef,
    requestHeaderModifier: headerModifier,
    requestMirror,
    requestRedirect: obj({
      hostname: str,
      path: pathModifier,
      port,
      scheme: oneOf('http', 'https'),
      statusCode: oneOf(301, 302, 303, 307, 308),
    }),
    responseHeaderModifier: headerModifier,
    urlRewrite: obj({ hostname: str, path: pathModifier }),
  }),
);

const grpcFilter = def(
  'grpcRouteFilter',
  obj({
    'type!': oneOf('ResponseHeaderModifier', 'RequestHeaderModifier', 'RequestMirror', 'ExtensionRef'),
    extensionRef,
    requestHeaderModifier: headerModifier,
    requestMirror,
    responseHeaderModifier: headerModifier,
  }),
);

function backendRefs(filter: Schema): Schema {
  return list(obj({ 'name!': str, filters: list(filter), group: str, kind: str, namespace: str, port, weight: range(0, 1000000) }));
}

const httpRoute: Schema = obj({
  hostnames: strList,
  parentRefs: list(parentRef),
  rules: list(
    obj({
      backendRefs: backendRefs(httpFilter),
      filters: list(httpFilter),
      matches: list(
        obj({
          headers: headerMatch,
          method: oneOf(...methods),
          path: obj({ type: oneOf('Exact', 'PathPrefix', 'RegularExpression'), value: str }),
          queryParams: headerMatch,
        }),
      ),
      name: str,
      timeouts: obj({ backendRequest: str, request: str }),
    }),
  ),
});

const grpcRoute: Schema = obj({
  hostnames: strList,
  parentRefs: list(parentRef),
  rules: list(
    obj({
      backendRefs: backendRefs(grpcFilter),
      filters: list(grpcFilter),
      matches: list(
        obj({
          headers: headerMatch,
          method: obj({ method: str, service: str, type: oneOf('Exact', 'RegularExpression') }),
        }),
      ),
      name: str,
    }),
  ),
});

const certRef = obj({ 'name!': str, group: str, kind: str, namespace: str });
const frontendTls = obj({
  validation: obj({
    'caCertificateRefs!': list(obj({ 'group!': str, 'kind!': str, 'name!': str, namespace: str })),
    mode: oneOf('AllowValidOnly', 'AllowInsecureFallback'),
  }),
});

const gateway: Schema = obj({
  'gatewayClassName!': str,
  'listeners!': list(
    obj({
      'name!': str,
      'port!': port,
      'protocol!': str,
      allowedRoutes: obj({
        kinds: list(obj({ 'kind!': str, group: str })),
        namespaces: obj({ from: oneOf('All', 'Selector', 'Same'), selector: labelSelector }),
      }),
      hostname: str,
      tls: obj({ certificateRefs: list(certRef), mode: oneOf('Terminate', 'Passthrough'), options: strMap }),
    }),
  ),
  addresses: list(obj({ type: str, value: str })),
  allowedListeners: obj({ namespaces: obj({ from: oneOf('All', 'Selector', 'Same', 'None'), selector: labelSelector }) }),
  infrastructure: obj({ annotations: strMap, labels: strMap, parametersRef: obj({ 'group!': str, 'kind!': str, 'name!': str }) }),
  tls: obj({
    backend: obj({ clientCertificateRef: certRef }),
    frontend: obj({ 'default!': frontendTls, perPort: list(obj({ 'port!': port, 'tls!': frontendTls })) }),
  }),
});

const referenceGrant: Schema = obj({
  'from!': list(obj({ 'group!': str, 'kind!': str, 'namespace!': str })),
  'to!': list(obj({ 'group!': str, 'kind!': str, name: str })),
});

export const gatewayKinds: KindSchema[] = [
  resource(GATEWAY, 'v1', 'Gateway', { spec: gateway }, ['spec']),
  resource(GATEWAY, 'v1', 'HTTPRoute', { spec: httpRoute }, ['spec']),
  resource(GATEWAY, 'v1', 'GRPCRoute', { spec: grpcRoute }, ['spec']),
  resource(GATEWAY, 'v1', 'ReferenceGrant', { spec: referenceGrant }, ['spec']),
  // v1beta1 is still the storage version of ReferenceGrant, and most repositories write it.
  resource(GATEWAY, 'v1beta1', 'ReferenceGrant', { spec: referenceGrant }, ['spec']),
];
