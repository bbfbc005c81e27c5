/**
 * npm run bench [-- scenario...]: runs the benchmark scenarios and prints one
 * table. Each scenario measures a subject against a reference in the same
 * run and reports medians and the ratio subject / reference.
 */
import { formatTable, type Row } from './measure.ts';
import { benchHostCall } from './scenarios/host-call.ts';
import { benchProcessSpawn } from './scenarios/process-spawn.ts';
import { benchBuild } from './scenarios/build.ts';
import { benchPackaging } from './scenarios/packaging.ts';
import { benchInstall } from './scenarios/install.ts';
import { benchHttps } from './scenarios/https.ts';
import { benchCrypto } from './scenarios/crypto.ts';
import { benchSignatures } from './scenarios/signatures.ts';
import { benchWasiNn, benchWasiNnRelease } from './scenarios/wasi-nn.ts';
import { benchWasiNnRuntimes } from './scenarios/wasi-nn-runtimes.ts';
import { benchRehearsal } from './scenarios/rehearsal.ts';
import { benchCliStartup } from './scenarios/cli-startup.ts';

// The rehearsal runs first: it builds every target from scratch, so the scenarios that also
// measure a release target's build (packaging's large library, crypto) find it.
const SCENARIOS: Record<string, () => Promise<Row[]>> = {
  rehearsal: benchRehearsal,
  'host-call': benchHostCall,
  'process-spawn': benchProcessSpawn,
  packaging: benchPackaging,
  install: benchInstall,
  https: benchHttps,
  crypto: benchCrypto,
  signatures: benchSignatures,
  'wasi-nn': benchWasiNn,
  'wasi-nn-ubuntu20.04': benchWasiNnRelease,
  'wasi-nn-runtimes': benchWasiNnRuntimes,
  build: benchBuild,
  'cli-startup': benchCliStartup,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in SCENARIOS));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  }
  const rows: Row[] = [];
  for (const [name, run] of Object.entries(SCENARIOS)) {
    if (wanted.length === 0 || wanted.includes(name)) {
      console.error(`bench: ${name}...`);
      rows.push(...(await run()));
    }
  }
  console.log(formatTable(rows));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
