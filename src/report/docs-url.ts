/** Where each rule's page lives; SARIF helpUri, markdown links and review comments point here. */
export const HOMEPAGE = 'https://github.com/omni-lint/omni-lint';
export const ruleDocsUrl = (id: string): string => `${HOMEPAGE}/blob/main/rules/${id}.md`;
