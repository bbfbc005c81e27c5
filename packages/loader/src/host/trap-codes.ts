/**
 * The WasmEdge error code of a trap seen in Node: a host function's own
 * result code, or the runtime's code for the trap V8 reports by message.
 * Codes are WasmEdge's execution-phase error codes (0x04xx).
 */
import { HostFunctionError } from '../errors.ts';

/** V8's WebAssembly.RuntimeError message (substring) → WasmEdge code. */
const TRAP_MESSAGES: readonly [string, number][] = [
  ['unreachable', 0x040a],
  ['memory access out of bounds', 0x0408],
  ['divide by zero', 0x0404],
  ['remainder by zero', 0x0404],
  ['divide result unrepresentable', 0x0405],
  ['integer overflow', 0x0405],
  ['float unrepresentable in integer range', 0x0406],
  ['table index is out of bounds', 0x0407],
  ['signature mismatch', 0x040d],
  ['null function', 0x040b],
  ['element segment out of bounds', 0x0407],
  ['data segment out of bounds', 0x0408],
];

export const RUNTIME_ERROR = 0x0002;

/** The phases of WasmEdge error codes (bits 11..8), as its log names them. */
const PHASES = ['wasmedge runtime', 'loading', 'validation', 'instantiation', 'execution'];

/**
 * The runtime's log text for a failure: "PHASE failed: MESSAGE, Code: 0xCODE"
 * with the 24-bit code; any non-WASM category is "user defined".
 */
export function formatFailure(code: number, message: string): string {
  const userDefined = code >>> 24 !== 0;
  const phase = userDefined ? 'user defined' : (PHASES[(code >>> 8) & 0xf] ?? 'wasmedge runtime');
  return `${phase} failed: ${message}, Code: 0x${(code & 0xffffff).toString(16).padStart(3, '0')}`;
}

export function trapCode(error: unknown): number {
  if (error instanceof HostFunctionError) return error.resultCode;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number') return code;
  if (error instanceof WebAssembly.RuntimeError) {
    const found = TRAP_MESSAGES.find(([text]) => error.message.includes(text));
    if (found) return found[1];
  }
  return RUNTIME_ERROR;
}
