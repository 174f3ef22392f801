import { lintDirectory } from './dist/src/engine/run.js';
import { rules } from './dist/rules/index.js';
import { defaultConfig } from './dist/src/engine/config.js';
import { SchemaRegistry } from './dist/src/schemas/registry.js';
import { loadRepo } from './dist/src/load/load-repo.js';
import { lintRepo } from './dist/src/engine/run.js';
const only = rules.filter(r => r.id === 'schema-valid');
const repo = loadRepo('/tmp/r10k', {});
const res = [];
for (let i = 0; i < 5; i++) {
  const schemas = new SchemaRegistry(); // fresh: compile included, as in one CLI run
  const r = lintRepo(repo, { config: defaultConfig(), rules: only, schemas });
  const warm = lintRepo(repo, { config: defaultConfig(), rules: only, schemas }); // compiled already (a --fix pass)
  res.push([r.stats.phases.rules, warm.stats.phases.rules, schemas.stats.compileMs]);
}
const min = (i) => Math.min(...res.map(r => r[i])).toFixed(0);
console.log(`schema-valid on 10k files: first run ${min(0)} ms (compile ${min(2)} ms), second run with compiled schemas ${min(1)} ms`);
