/**
 * Download (or verify the cached copies of) the PyPI wheels pinned in
 * deps/pypi-wheels/wheels.json into the user cache:
 *   tsx tools/src/cli/fetch-wheels.ts [--wheel name==version ...]
 * Builds fetch what they need on their own; setup.sh runs this so that the
 * first build of a cell that needs a wheel does not stop to download one.
 */
import { parseArgs } from 'node:util';
import { ensureWheel, findWheelPin, loadWheelPins, wheelCacheDir } from '../deps/pypi-wheels.ts';
import { runMain, workspaceRoot } from './cli-support.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { wheel: { type: 'string', multiple: true } } });
  const pins = loadWheelPins(workspaceRoot());
  const wanted = values.wheel ? values.wheel.map((spec) => findWheelPin(pins, spec)) : pins;
  for (const pin of wanted) {
    await ensureWheel(pin, (line) => console.log(line));
  }
  console.log(`${wanted.length} wheel(s) verified in ${wheelCacheDir()}`);
}

runMain(main);
