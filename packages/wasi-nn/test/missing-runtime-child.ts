/**
 * Loads a backend's model once, in a process of its own, so that the
 * runtime's path variable (set by the parent) is read fresh at the first
 * load. argv[2]: JSON { backend, files }. stdout: JSON { err }; the
 * plug-in's messages go to stderr.
 */
import { NnGuest, readModel, type Backend } from './nn-guest.ts';

const { backend, files } = JSON.parse(process.argv[2]!) as { backend: Backend; files: string[] };
const guest = await NnGuest.create('', false, backend);
const { err } = guest.load(files.map((f) => readModel(f, backend)));
process.stdout.write(JSON.stringify({ err }));
