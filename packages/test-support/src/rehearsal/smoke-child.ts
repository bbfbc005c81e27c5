/**
 * Runs one smoke program in Node in a process of its own, for a plug-in
 * whose backend runtime must be on LD_LIBRARY_PATH from the start (the
 * dynamic loader reads it once):
 *   node --import tsx smoke-child.ts <package dir> <cell id> <library> <port>
 * Exits 0 when the program passed; otherwise prints why and exits 1.
 */
import { loadSmokeProgram, runSmokeInNode } from './smoke.ts';

const [packageDir, cellId, library, port] = process.argv.slice(2);
if (port === undefined) {
  console.error('usage: smoke-child.ts <package dir> <cell id> <library> <port>');
  process.exit(2);
}
try {
  await runSmokeInNode(loadSmokeProgram(packageDir!, cellId!), library!, { port: Number(port) });
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
