// A copy of a CloudBase project's small protobuf codec (the wire format only), kept with the tests so
// the package depends on no project: what the emulator decodes with protobufjs is built and read here
// by an independent implementation.
/**
 * Just enough of the protobuf wire format for the CloudBase open-API envelope (see wx-open-api.ts):
 * varints and length-delimited fields. Hand-written so a function bundle does not carry protobufjs
 * for four fields.
 */
export type WireValue = bigint | Buffer;

function varint(value: bigint): Buffer {
  // Negative int32s are sent as their 64-bit two's complement, as protobufjs does.
  let v = BigInt.asUintN(64, value);
  const bytes: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return Buffer.from(bytes);
}

export class ProtoWriter {
  private readonly parts: Buffer[] = [];

  uint(field: number, value: number): this {
    this.parts.push(varint(BigInt(field << 3)), varint(BigInt(value)));
    return this;
  }

  bytes(field: number, value: Buffer | string): this {
    const buf = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    this.parts.push(varint(BigInt((field << 3) | 2)), varint(BigInt(buf.length)), buf);
    return this;
  }

  message(field: number, inner: ProtoWriter): this {
    return this.bytes(field, inner.finish());
  }

  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Every field in order (repeated fields appear several times); fixed-width fields are skipped. */
export function readFields(buf: Buffer): Array<{ field: number; value: WireValue }> {
  const out: Array<{ field: number; value: WireValue }> = [];
  let pos = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (pos >= buf.length || shift > 63n) throw new Error('malformed protobuf varint');
      const byte = buf[pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
  };
  while (pos < buf.length) {
    const key = Number(readVarint());
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ field, value: readVarint() });
    else if (wire === 2) {
      const len = Number(readVarint());
      if (pos + len > buf.length) throw new Error('truncated protobuf field');
      out.push({ field, value: buf.subarray(pos, pos + len) });
      pos += len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  if (pos !== buf.length) throw new Error('truncated protobuf message');
  return out;
}

/** An int32 field's value: sign-extended to 64 bits on the wire. */
export const int32Of = (v: WireValue): number => Number(BigInt.asIntN(64, v as bigint));
