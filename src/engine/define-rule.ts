import type { Rule } from './types.js';

/**
 * Declares a rule. An identity function whose generics infer the message ids and options, so
 * a report with a mistyped messageId does not compile.
 *
 * @example
 * export default defineRule({
 *   id: 'flux-source-ref-exists',
 *   meta: { type: 'problem', description: 'Point sourceRef at a defined source.', ..., messages: { missing: '...' } },
 *   check(ctx) { for (const e of ctx.query.edges('flux-source')) if (e.status === 'missing') ctx.report({ messageId: 'missing', at: e.from }); },
 * });
 */
export function defineRule<MessageId extends string, Options>(rule: Rule<MessageId, Options>): Rule<MessageId, Options> {
  return rule;
}
