/**
 * Loads every one-byte corruption of a model through `load`, in a process
 * of its own, so that a crash inside the native model loader shows up as
 * this process dying instead of taking the test runner with it.
 *
 * argv[2]: JSON { model } (a file in test/models). For linear.pt, a copy
 * that loads is also run on a fixed input and compared with the original.
 * stdout: JSON { outcomes }, one letter per byte position:
 *   R refused with InvalidArgument (1)
 *   S loaded, and (linear.pt) computes what the original computes
 *   D loaded, but computes something else
 *   E any other result
 */
import { NnGuest, readModel } from './nn-guest.ts';

const { model } = JSON.parse(process.argv[2]!) as { model: string };
const guest = await NnGuest.create();
const original = readModel(model);
const compares = model === 'linear.pt';
const input = { dtype: 'f32' as const, shape: [1, 64], values: Array.from({ length: 64 }, (_, i) => (i - 32) / 8) };

function outputOf(graph: number): string {
  const context = guest.initContext(graph);
  if (context.err !== 0 || guest.setInput(context.id, 0, input) !== 0 || guest.compute(context.id) !== 0) return 'error';
  const out = guest.getOutput(context.id, 0);
  guest.exports.finalize_execution_context!(context.id);
  return out.err === 0 ? Buffer.from(out.bytes).toString('hex') : 'error';
}

const reference = compares ? outputOf(guest.load([original]).id) : '';
let outcomes = '';
for (let i = 0; i < original.length; i++) {
  guest.resetHeap();
  const copy = original.slice();
  copy[i] = copy[i]! ^ 0xff;
  const { err, id } = guest.load([copy]);
  if (err === 1) {
    outcomes += 'R';
  } else if (err !== 0) {
    outcomes += 'E';
  } else {
    outcomes += !compares || outputOf(id) === reference ? 'S' : 'D';
    guest.exports.unload!(id);
  }
}
process.stdout.write(JSON.stringify({ outcomes }));
