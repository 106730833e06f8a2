/** The protobuf wire format, read without a schema: a message is a list of numbered fields. */

/** One field of a message: varints as bigint, length-delimited fields as bytes, fixed ones as their bytes. */
export interface WireField {
  readonly number: number;
  readonly varint?: bigint;
  readonly bytes?: Uint8Array;
}

function varint(buf: Uint8Array, at: number): { value: bigint; next: number } {
  let value = 0n;
  let shift = 0n;
  for (let i = at; i < buf.length && i < at + 10; i++) {
    const byte = buf[i] ?? 0;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
    shift += 7n;
  }
  throw new Error('truncated varint');
}

/** The fields of one encoded message, in order; throws on malformed input. */
export function readFields(buf: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let at = 0;
  while (at < buf.length) {
    const tag = varint(buf, at);
    at = tag.next;
    const number = Number(tag.value >> 3n);
    const wireType = Number(tag.value & 7n);
    if (wireType === 0) {
      const v = varint(buf, at);
      at = v.next;
      fields.push({ number, varint: v.value });
    } else if (wireType === 2) {
      const len = varint(buf, at);
      const end = len.next + Number(len.value);
      if (end > buf.length) throw new Error('truncated field');
      fields.push({ number, bytes: buf.subarray(len.next, end) });
      at = end;
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      fields.push({ number, bytes: buf.subarray(at, at + size) });
      at += size;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
  }
  return fields;
}
