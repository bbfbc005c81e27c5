/**
 * Runs one smoke program in Node in a process of its own, for a plug-in
 * whose backend runtime must be found from the start (LD_LIBRARY_PATH is
 * read once) or must be found only where it was installed:
 *   node --import tsx smoke-child.ts <package dir> <cell id> <library> <port> [<wasmedge> <plug-in path>]
 * With a wasmedge binary, the same program then runs as a standalone wasm
 * program in that runtime, the plug-in found through WASMEDGE_PLUGIN_PATH.
 * Exits 0 when the program passed; otherwise prints why and exits 1.
 */
import { openPlugin } from '@wasmedge-plugins/loader';
import { loadSmokeProgram, runSmokeInNode, type SmokeProgram } from './smoke.ts';
import { runSmokeInWasmEdge } from './smoke-wasm.ts';

/** The name the plug-in's module instance is imported by (a descriptor may name it otherwise). */
function instanceName(library: string, program: SmokeProgram): string {
  const plugin = openPlugin(library);
  plugin.applyCommandLine(program.options);
  const module = plugin.createModule(program.module);
  try {
    return module.name;
  } finally {
    module.dispose();
  }
}

const [packageDir, cellId, library, port, wasmedge, pluginPath] = process.argv.slice(2);
if (port === undefined || (wasmedge !== undefined && pluginPath === undefined)) {
  console.error('usage: smoke-child.ts <package dir> <cell id> <library> <port> [<wasmedge> <plug-in path>]');
  process.exit(2);
}
try {
  const program = loadSmokeProgram(packageDir!, cellId!);
  await runSmokeInNode(program, library!, { port: Number(port) });
  if (wasmedge !== undefined) await runSmokeInWasmEdge(program, wasmedge, pluginPath!, instanceName(library!, program), { port: Number(port) });
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
