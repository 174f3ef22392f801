/** Fills `{{name}}` placeholders; a missing placeholder is a bug in the rule, so it throws. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    const v = data[key];
    if (v === undefined) throw new Error(`message placeholder {{${key}}} has no value`);
    return String(v);
  });
}
