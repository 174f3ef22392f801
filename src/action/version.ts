// scripts/build-action.mjs defines this from package.json; unbundled runs (tests of the sources) see none.
declare const __OMNI_LINT_VERSION__: string | undefined;

export const VERSION: string = typeof __OMNI_LINT_VERSION__ === 'string' ? __OMNI_LINT_VERSION__ : '0.0.0-dev';
