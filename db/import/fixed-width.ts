// Up to 16 digits: every safe integer (below 2^53) fits, and so does their split into two halves below.
const POWERS = Array.from({ length: 17 }, (_, width) => 10 ** width);
const ZERO = 48;
const QUOTE = 34;

/** SQL reading field `from` (1-based) of a record as an integer. */
export const fixedInt = (record: string, from: number, width: number) => `CAST(substr(${record}, ${from}, ${width}) AS INTEGER)`;

/**
 * A JSON list of fixed-width strings, one per row, for SQLite to read through json_each() and
 * substr(): SQLite cuts a string several times faster than it reads the elements of a nested
 * JSON array (`value->>n` parses the row's JSON again each time). The list is written byte by
 * byte into one buffer: a string per field and per record, quoted again by JSON.stringify,
 * cost more than the rest of an import's JavaScript but parsing.
 *
 * A value that does not fit its width is refused, never cut.
 */
export class FixedWidthRecords {
  private readonly out: Buffer;
  private at = 1;
  private record = 0;

  constructor(
    count: number,
    private readonly width: number,
    private readonly what: string,
  ) {
    this.out = Buffer.allocUnsafe(2 + count * (width + 3));
    this.out[0] = 91; // [
  }

  /** Starts the next record: the fields after it are written at their offsets in it. */
  next(): this {
    if (this.at > 1) this.out[this.at++] = 44; // ,
    this.out[this.at++] = QUOTE;
    this.record = this.at;
    this.at += this.width;
    this.out[this.at++] = QUOTE;
    return this;
  }

  /** `value` as exactly `width` digits at `offset` (0-based) in the record. */
  digits(offset: number, value: number, width: number, field: string): this {
    if (!Number.isInteger(value) || value < 0 || value >= POWERS[width]!) throw this.misfit(field, value);
    // Below 2^31 the digits come from integer arithmetic; a larger value is written as two halves.
    const at = this.record + offset;
    let rest = value;
    let i = width - 1;
    if (rest > 0x7fffffff) {
      let low = rest % 1e8;
      rest = (rest - low) / 1e8;
      for (const end = i - 8; i > end; i--) {
        this.out[at + i] = ZERO + (low % 10);
        low = (low / 10) | 0;
      }
    }
    for (; i >= 0; i--) {
      this.out[at + i] = ZERO + (rest % 10);
      rest = (rest / 10) | 0;
    }
    return this;
  }

  /** ASCII text of exactly `width` characters at `offset`. */
  text(offset: number, value: string, width: number, field: string): this {
    if (value.length !== width) throw this.misfit(field, value);
    const at = this.record + offset;
    for (let i = 0; i < width; i++) {
      const code = value.charCodeAt(i);
      if (code > 127) throw this.misfit(field, value);
      this.out[at + i] = code;
    }
    return this;
  }

  toString(): string {
    this.out[this.at] = 93; // ]
    return this.out.toString('latin1', 0, this.at + 1);
  }

  private misfit(field: string, value: unknown): RangeError {
    return new RangeError(`${field} ${String(value)} does not fit the ${this.what} encoding`);
  }
}
