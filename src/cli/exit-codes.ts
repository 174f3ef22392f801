/** As ESLint: 0 clean, 1 lint errors (or too many warnings), 2 usage error or a failure of omni-lint itself. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
