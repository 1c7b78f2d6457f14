#!/usr/bin/env node
// `npm run chaos`: the chaos suite (test/chaos) at its full size (CHAOS_FULL=1), then one table of every figure it
// printed, also written to test/chaos/results/latest.md. `npm test` runs the same cases at their quick size.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'nestjs-janus-chaos-'));
const figuresFile = join(dir, 'figures.jsonl');

const run = spawnSync('npx', ['vitest', 'run', '--project', 'chaos', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CHAOS_FULL: '1', CHAOS_FIGURES: figuresFile },
});

const rows = existsSync(figuresFile)
  ? readFileSync(figuresFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];
rmSync(dir, { recursive: true, force: true });

const escape = (text) => String(text).replaceAll('|', '\\|');
const table = [
  '| case | figure | value |',
  '| --- | --- | --- |',
  ...rows.map((r) => `| ${escape(r.case)} | ${escape(r.name)} | ${escape(r.value)} |`),
].join('\n');
const report = `# Chaos suite: latest full run\n\n${new Date().toISOString()}, \`npm run chaos\` (exit ${run.status}).\n\n${table}\n`;
mkdirSync(join(root, 'test', 'chaos', 'results'), { recursive: true });
writeFileSync(join(root, 'test', 'chaos', 'results', 'latest.md'), report);
console.log(`\n${table}\n\n(written to test/chaos/results/latest.md)`);
process.exit(run.status ?? 1);
