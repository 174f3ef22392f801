import type { Config, RuleSetting } from './config.js';
import type { Rule, Severity } from './types.js';

export interface EffectiveRule {
  rule: Rule;
  severity: Severity;
  options: unknown;
}

/** Applies config and CLI overrides to each rule: severity, options merged over defaults, or off. */
export function effectiveRules(
  rules: readonly Rule[],
  config: Config,
  overrides: Record<string, RuleSetting> = {},
  layoutApplies = true,
): EffectiveRule[] {
  const out: EffectiveRule[] = [];
  for (const rule of rules) {
    const setting = overrides[rule.id] ?? config.rules[rule.id];
    let severity: Severity | 'off' = rule.meta.recommended ? rule.meta.severity : 'off';
    let options: Record<string, unknown> = {};
    if (typeof setting === 'string') severity = normalise(setting);
    else if (Array.isArray(setting)) {
      severity = normalise(setting[0]);
      options = setting[1] ?? {};
    }
    const layoutOn = config.layout === true || (config.layout === 'auto' && layoutApplies);
    if (rule.meta.type === 'layout' && setting === undefined && !layoutOn) severity = 'off';
    if (severity === 'off') continue;
    out.push({ rule, severity, options: { ...(rule.meta.defaultOptions as object), ...options } });
  }
  return out;
}

function normalise(s: string): Severity | 'off' {
  if (s === 'warn') return 'warning';
  if (s === 'error' || s === 'warning' || s === 'info' || s === 'off') return s;
  throw new Error(`unknown severity "${s}": use off, info, warning (or warn) or error`);
}
