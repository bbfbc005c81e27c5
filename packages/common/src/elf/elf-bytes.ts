// Bounds-checked little-endian reads over an ELF file held in memory. Every offset in an ELF file
// comes from the file itself, so every read goes through here and a truncated or corrupt file
// gives an ElfError naming what was being read, never a RangeError from deep inside Buffer.

export class ElfError extends Error {
  override name = 'ElfError';
}

export class ElfBytes {
  constructor(
    readonly buf: Buffer,
    readonly source: string,
  ) {}

  fail(message: string): never {
    throw new ElfError(`${this.source}: ${message}`);
  }

  private check(offset: number, size: number, what: string): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + size > this.buf.length) {
      this.fail(`${what} at offset 0x${offset.toString(16)} (+${size} bytes) runs past the end of the file (${this.buf.length} bytes)`);
    }
  }

  u8(offset: number, what: string): number {
    this.check(offset, 1, what);
    return this.buf.readUInt8(offset);
  }

  u16(offset: number, what: string): number {
    this.check(offset, 2, what);
    return this.buf.readUInt16LE(offset);
  }

  u32(offset: number, what: string): number {
    this.check(offset, 4, what);
    return this.buf.readUInt32LE(offset);
  }

  /** Reads a 64-bit field; offsets and sizes above 2^53 cannot be real in a file we hold in memory. */
  u64(offset: number, what: string): number {
    this.check(offset, 8, what);
    const value = this.buf.readBigUInt64LE(offset);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
      this.fail(`${what} at offset 0x${offset.toString(16)} is too large (${value})`);
    }
    return Number(value);
  }

  /** Reads a 64-bit signed field (d_tag), kept as bigint because OS-specific tags use the high range. */
  i64(offset: number, what: string): bigint {
    this.check(offset, 8, what);
    return this.buf.readBigInt64LE(offset);
  }

  /** Reads a NUL-terminated string at `offset`, which must end before `limit`. */
  cString(offset: number, limit: number, what: string): string {
    const end = Math.min(limit, this.buf.length);
    if (offset < 0 || offset >= end) {
      this.fail(`${what}: string offset 0x${offset.toString(16)} is outside its string table`);
    }
    const nul = this.buf.indexOf(0, offset);
    if (nul === -1 || nul >= end) {
      this.fail(`${what}: string at offset 0x${offset.toString(16)} is not NUL-terminated inside its string table`);
    }
    return this.buf.toString('utf8', offset, nul);
  }
}
