/**
 * Seeds in the driver's input format (plugin_fuzzer.cpp), written from a
 * readable spec beside the target: packages/<package>/fuzz/<name>/seeds.json
 *
 *   { "<seed name>": [ step, ... ] }
 *   step: ["write", addr, data]       data: "text:...", "hex:...", or
 *                                     "file:<path relative to the spec>"
 *         ["call", "<function>", arg, ...]
 *         ["call-without-memory", "<function>", arg, ...]
 *         ["renew"]
 *         ["peer", data]                  the script of the target's peer
 *                                         (fuzz_peer.h; targets with one)
 *   arg:  a number (a literal), {"load": addr} (the u32 stored there),
 *         {"result": k} (result of the k-th most recent call), {"end": d}
 *         (memory size - d)
 * Calls name functions; the driver's list (WASMEDGE_FUZZ_LIST) turns a name
 * into the selector the driver uses.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

export interface ListedFunction {
  index: number;
  name: string;
  params: ('i32' | 'i64')[];
}

type Arg = number | { load: number } | { result: number } | { end: number };
type Step = ['write', number, string] | ['call' | 'call-without-memory', string, ...Arg[]] | ['renew'] | ['peer', string];

/** Parses the driver's `index name params->results` lines. */
export function parseFunctionList(text: string): ListedFunction[] {
  return text.trim().split('\n').filter(Boolean).map((line) => {
    const [index, name, signature] = line.split(' ');
    const params = signature!.split('->')[0]!;
    return { index: Number(index), name: name!, params: (params ? params.split(',') : []) as ('i32' | 'i64')[] };
  });
}

function le(value: bigint, bytes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes; i++) out.push(Number((value >> BigInt(8 * i)) & 0xffn));
  return out;
}

function writeData(spec: string, specDir: string): Buffer {
  const [kind, ...rest] = spec.split(':');
  const value = rest.join(':');
  if (kind === 'text') return Buffer.from(value, 'utf8');
  if (kind === 'hex') return Buffer.from(value, 'hex');
  if (kind === 'file') return readFileSync(isAbsolute(value) ? value : join(specDir, value));
  throw new Error(`seed data "${spec.slice(0, 40)}" must start with text:, hex: or file:`);
}

function encodeArg(arg: Arg, type: 'i32' | 'i64'): number[] {
  if (typeof arg === 'number') return type === 'i64' ? [3, ...le(BigInt(arg), 8)] : [2, ...le(BigInt(arg >>> 0), 4)];
  if ('load' in arg) return [4, ...le(BigInt(arg.load), 2)];
  if ('result' in arg) return [5, arg.result];
  return [6, arg.end];
}

/** Encodes one seed program; `peer` says whether the target has a peer. */
export function encodeSeed(steps: Step[], functions: ListedFunction[], specDir: string, peer = false): Buffer {
  const out: number[] = [];
  for (const step of steps) {
    if (step[0] === 'renew') {
      out.push(3);
    } else if (step[0] === 'write' || step[0] === 'peer') {
      const data = writeData(step[0] === 'write' ? step[2] : step[1], specDir);
      if (data.length > 0xffff) throw new Error(`a ${step[0]} holds at most 65535 bytes, not ${data.length}`);
      if (step[0] === 'peer' && !peer) throw new Error('a peer step needs a target with a peer');
      out.push(...(step[0] === 'write' ? [0, ...le(BigInt(step[1]), 2)] : [4]), ...le(BigInt(data.length), 2), ...data);
    } else {
      const [op, name, ...args] = step;
      const fn = functions.find((f) => f.name === name);
      if (fn === undefined) throw new Error(`the module has no function ${name}; it has ${functions.map((f) => f.name).join(', ')}`);
      if (args.length !== fn.params.length) throw new Error(`${name} takes ${fn.params.length} arguments, the seed gives ${args.length}`);
      out.push(op === 'call' ? 1 : 2, fn.index, ...args.flatMap((a, i) => encodeArg(a, fn.params[i]!)));
    }
  }
  return Buffer.from(out);
}

export function readSeedSpecs(path: string): { dir: string; seeds: Record<string, Step[]> } {
  return { dir: dirname(path), seeds: JSON.parse(readFileSync(path, 'utf8')) as Record<string, Step[]> };
}
