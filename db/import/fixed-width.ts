// Up to 16 digits: every safe integer (below 2^53) fits, and so does their split into two halves below.
const MAX_DIGITS = 16;
const POWERS = Array.from({ length: MAX_DIGITS + 1 }, (_, width) => 10 ** width);
const ZERO = 48;
const QUOTE = 34;
const BACKSLASH = 92;

/** A field written as exactly `width` decimal digits; with `nullAs`, null is written as that number and read back as null. */
export interface DigitsField<N extends string = string, Null extends number | null = number | null> {
  readonly kind: 'digits';
  readonly name: N;
  readonly width: number;
  readonly nullAs: Null;
}

/** A field written as exactly `width` characters, each one of `allowed`. */
export interface TextField<N extends string = string> {
  readonly kind: 'text';
  readonly name: N;
  readonly width: number;
  readonly allowed: string;
}

type Field = DigitsField | TextField;
type Value<F> = F extends TextField ? string : F extends DigitsField<string, number> ? number | null : number;

/** One record's values, in the order its layout declares its fields. */
export type RecordValues<L extends readonly Field[]> = { readonly [K in keyof L]: Value<L[K]> };

export function digits<N extends string>(name: N, width: number): DigitsField<N, null>;
export function digits<N extends string>(name: N, width: number, options: { nullAs: number }): DigitsField<N, number>;
export function digits<N extends string>(name: N, width: number, { nullAs = null }: { nullAs?: number | null } = {}): DigitsField<N> {
  if (!Number.isInteger(width) || width < 1 || width > MAX_DIGITS) throw new RangeError(`${name}: a width of 1 to ${MAX_DIGITS} digits`);
  if (nullAs !== null && !(Number.isInteger(nullAs) && nullAs >= 0 && nullAs < POWERS[width]!))
    throw new RangeError(`${name}: null as ${nullAs} does not fit ${width} digits`);
  return { kind: 'digits', name, width, nullAs };
}

/**
 * `allowed` lists the characters the field may hold: printable ASCII only, without `"` or `\`,
 * so a record never needs escaping inside its JSON string, and a width in characters (what
 * SQLite's substr() counts on TEXT) is also one in bytes (what the encoder writes).
 */
export function text<N extends string>(name: N, width: number, allowed: string): TextField<N> {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`${name}: a width of at least 1 character`);
  for (let i = 0; i < allowed.length; i++) {
    const code = allowed.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === QUOTE || code === BACKSLASH)
      throw new RangeError(`${name}: ${JSON.stringify(allowed[i])} cannot be written in a fixed-width record`);
  }
  return { kind: 'text', name, width, allowed };
}

const DIGITS = 0;
const TEXT = 1;

/**
 * A fixed-width record: its fields one after the other in the order declared, so the encoder
 * and the SQL that cuts the records with substr() both take their offsets from here. Records
 * travel as a JSON list of strings, one per row, read through json_each(): SQLite cuts a
 * string several times faster than it reads the elements of a nested JSON array (`value->>n`
 * parses the row's JSON again each time). A value that does not fit its field is refused,
 * never cut.
 */
export class RecordLayout<const L extends readonly Field[]> {
  /** Characters per record. */
  readonly width: number;
  private readonly kinds: Uint8Array;
  private readonly offsets: Int32Array;
  private readonly allowed: (Uint8Array | null)[];

  constructor(
    readonly name: string,
    readonly fields: L,
  ) {
    this.kinds = Uint8Array.from(fields, (field) => (field.kind === 'digits' ? DIGITS : TEXT));
    this.offsets = new Int32Array(fields.length);
    let width = 0;
    fields.forEach((field, i) => {
      this.offsets[i] = width;
      width += field.width;
    });
    this.width = width;
    this.allowed = fields.map((field) => {
      if (field.kind === 'digits') return null;
      const table = new Uint8Array(128);
      for (let i = 0; i < field.allowed.length; i++) table[field.allowed.charCodeAt(i)] = 1;
      return table;
    });
    if (new Set(fields.map((field) => field.name)).size !== fields.length) throw new Error(`${name}: two fields of the same name`);
  }

  /** SQL reading each field of `record` (a column holding one record): integers, texts, null where declared. */
  sql(record: string): { readonly [F in L[number] as F['name']]: string } {
    const columns: Record<string, string> = {};
    this.fields.forEach((field, i) => {
      const cut = `substr(${record}, ${this.offsets[i]! + 1}, ${field.width})`;
      if (field.kind === 'text') columns[field.name] = cut;
      else if (field.nullAs === null) columns[field.name] = `CAST(${cut} AS INTEGER)`;
      else columns[field.name] = `nullif(CAST(${cut} AS INTEGER), ${field.nullAs})`;
    });
    return columns as { readonly [F in L[number] as F['name']]: string };
  }

  /** The records of `rows` as a JSON list of strings, written byte by byte into one buffer. */
  encode(rows: readonly RecordValues<L>[]): string;
  encode<T>(rows: readonly T[], toValues: (row: T) => RecordValues<L>): string;
  encode<T>(rows: readonly T[], toValues?: (row: T) => RecordValues<L>): string {
    // A string per field and per record, quoted again by JSON.stringify, would cost more than
    // the rest of an import's JavaScript but parsing.
    const out = Buffer.allocUnsafe(2 + rows.length * (this.width + 3));
    const { fields, kinds, offsets } = this;
    out[0] = 91; // [
    let at = 1;
    for (let r = 0; r < rows.length; r++) {
      const values = (toValues ? toValues(rows[r]!) : rows[r]) as readonly unknown[];
      if (r > 0) out[at++] = 44; // ,
      out[at++] = QUOTE;
      for (let f = 0; f < fields.length; f++) {
        if (kinds[f] === DIGITS) this.writeDigits(out, at + offsets[f]!, values[f], f);
        else this.writeText(out, at + offsets[f]!, values[f], f);
      }
      at += this.width;
      out[at++] = QUOTE;
    }
    out[at] = 93; // ]
    return out.toString('latin1', 0, at + 1);
  }

  private writeDigits(out: Buffer, at: number, given: unknown, f: number): void {
    const { width, nullAs } = this.fields[f] as DigitsField;
    const value = given === null ? nullAs : given;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value >= POWERS[width]!)
      throw this.misfit(f, given, `a whole number of at most ${width} digits${nullAs === null ? '' : ' or null'}`);
    // In int32 arithmetic (a float remainder is a call into C): a value past 2^31 is written as two halves.
    let i = width - 1;
    let high = value;
    if (value > 0x7fffffff) {
      high = Math.floor(value / 1e8);
      let low = (value - high * 1e8) | 0;
      if (low < 0) {
        // The quotient was rounded up.
        high -= 1;
        low += 1e8;
      }
      for (const end = i - 8; i > end; i--) {
        out[at + i] = ZERO + (low % 10);
        low = (low / 10) | 0;
      }
    }
    for (let rest = high | 0; i >= 0; i--) {
      out[at + i] = ZERO + (rest % 10);
      rest = (rest / 10) | 0;
    }
  }

  private writeText(out: Buffer, at: number, value: unknown, f: number): void {
    const { width, allowed } = this.fields[f] as TextField;
    const table = this.allowed[f]!;
    if (typeof value !== 'string' || value.length !== width) throw this.misfit(f, value, `${width} characters of ${allowed}`);
    for (let i = 0; i < width; i++) {
      const code = value.charCodeAt(i);
      if (code > 127 || table[code] !== 1) throw this.misfit(f, value, `${width} characters of ${allowed}`);
      out[at + i] = code;
    }
  }

  private misfit(f: number, value: unknown, expected: string): RangeError {
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return new RangeError(`${this.name}: ${this.fields[f]!.name} ${shown} is not ${expected}`);
  }
}

export const recordLayout = <const L extends readonly Field[]>(name: string, fields: L) => new RecordLayout(name, fields);
