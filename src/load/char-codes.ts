/** Character codes the hand-written YAML readers (fast-yaml.ts, locate-fast.ts) compare charCodeAt against. */
export const TAB = 0x09;
export const NL = 0x0a;
export const SPACE = 0x20;
export const DQUOTE = 0x22;
export const HASH = 0x23;
export const AMP = 0x26;
export const SQUOTE = 0x27;
export const STAR = 0x2a;
export const DASH = 0x2d;
export const COLON = 0x3a;
