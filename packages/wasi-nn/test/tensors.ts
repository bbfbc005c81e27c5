/**
 * Tensor values between JSON (models/expected.json, written by
 * models/make_model.py) and the little-endian bytes the interface carries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type DType = 'f16' | 'f32' | 'u8' | 'i32' | 'i64';

export interface TensorData {
  dtype: DType;
  shape: number[];
  /** Numbers, or decimal strings / bigints for i64. */
  values: (number | string | bigint)[];
}

/** torch dtype names in expected.json → interface types. */
const TORCH_DTYPES: Record<string, DType> = { float16: 'f16', float32: 'f32', uint8: 'u8', int32: 'i32', int64: 'i64' };

export interface ExpectedTensor {
  /** The dtype torch produced (float64 outputs come back as f32). */
  torchDtype: string;
  tensor: TensorData;
}

export interface ExpectedModel {
  inputs: TensorData[];
  outputs: ExpectedTensor[];
}

export function readExpected(model: 'linear' | 'multi'): ExpectedModel {
  return readExpectedFile(join(fileURLToPath(new URL('.', import.meta.url)), 'models', 'expected.json'), model);
}

/** A model's inputs and outputs from an expected.json written by a make_model.py (numpy/torch dtype names). */
export function readExpectedFile(path: string, model: string): ExpectedModel {
  const raw = JSON.parse(readFileSync(path, 'utf8'))[model] as Record<'inputs' | 'outputs', { dtype: string; shape: number[]; values: (number | string)[] }[]>;
  const convert = (t: { dtype: string; shape: number[]; values: (number | string)[] }): TensorData => ({
    dtype: TORCH_DTYPES[t.dtype] ?? 'f32',
    shape: t.shape,
    values: t.values,
  });
  return {
    inputs: raw.inputs.map(convert),
    outputs: raw.outputs.map((t) => ({ torchDtype: t.dtype, tensor: convert(t) })),
  };
}

/** IEEE half → number. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** number → IEEE half, for values a half holds exactly (the test data). */
export function numberToHalf(value: number): number {
  if (value === 0) return Object.is(value, -0) ? 0x8000 : 0;
  const sign = value < 0 ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  const exponent = Math.floor(Math.log2(magnitude));
  const fraction = Math.round((magnitude / 2 ** exponent - 1) * 1024);
  if (exponent < -14 || exponent > 15) throw new Error(`${value} is not a normal half`);
  return sign | ((exponent + 15) << 10) | fraction;
}

const WIDTH: Record<DType, number> = { f16: 2, f32: 4, u8: 1, i32: 4, i64: 8 };

export function tensorBytes(tensor: TensorData): Uint8Array {
  const out = new Uint8Array(tensor.values.length * WIDTH[tensor.dtype]);
  const view = new DataView(out.buffer);
  tensor.values.forEach((v, i) => {
    switch (tensor.dtype) {
      case 'f16': view.setUint16(2 * i, numberToHalf(Number(v)), true); break;
      case 'f32': view.setFloat32(4 * i, Number(v), true); break;
      case 'u8': view.setUint8(i, Number(v)); break;
      case 'i32': view.setInt32(4 * i, Number(v), true); break;
      case 'i64': view.setBigInt64(8 * i, BigInt(v), true); break;
    }
  });
  return out;
}

/** Bytes from get_output → values (i64 as bigint). */
export function decodeTensor(dtype: DType, bytes: Uint8Array): (number | bigint)[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.byteLength / WIDTH[dtype];
  return Array.from({ length: count }, (_, i) => {
    switch (dtype) {
      case 'f16': return halfToNumber(view.getUint16(2 * i, true));
      case 'f32': return view.getFloat32(4 * i, true);
      case 'u8': return view.getUint8(i);
      case 'i32': return view.getInt32(4 * i, true);
      case 'i64': return view.getBigInt64(8 * i, true);
    }
  });
}

/** Bytes one tensor of this shape and type takes. */
export function byteLength(dtype: DType, shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1) * WIDTH[dtype];
}
