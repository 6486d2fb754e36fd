/** Largest accepted row: real rows are under 2 kB, so anything near this is not a stream. */
export const MAX_ROW_CHARS = 1_000_000;

export class JsonArrayError extends Error {
  constructor(
    message: string,
    readonly row?: number,
  ) {
    super(message);
    this.name = 'JsonArrayError';
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COMMA = 44;

/** Stands in for a row that is not valid JSON. */
export class RowJsonError {
  constructor(readonly reason: string) {}
}

function parseRow(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch (error) {
    return new RowJsonError(`is not valid JSON (${(error as Error).message})`);
  }
}

/** The row if the text up to the first closing brace is one whole object, else undefined. */
function parseUpToFirstBrace(text: string, from: number): unknown {
  const end = text.indexOf('}', from);
  if (end === -1 || end - from >= MAX_ROW_CHARS) return undefined;
  try {
    return JSON.parse(text.slice(from, end + 1));
  } catch {
    return undefined;
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 0xfeff;
}

/**
 * Splits a top-level JSON array of objects into its rows, parsed, chunk by chunk, so a file
 * is never held whole. A row is first tried up to its first closing brace: a flat row (every
 * real one) parses in one go, and if that text parses at all it is the whole row. Otherwise
 * the scanner tracks nesting and strings to find the row's end, and JSON.parse checks it.
 * Far faster than a token-level streaming parser.
 */
export class JsonArrayScanner {
  private state: 'before' | 'between' | 'object' | 'done' = 'before';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pieces: string[] = [];
  private pieceChars = 0;
  private rows = 0;

  /** Feeds the next piece of text; returns the complete rows it closed (a RowJsonError for a row that is not JSON). */
  push(text: string): unknown[] {
    const out: unknown[] = [];
    let start = this.state === 'object' ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      if (this.state === 'object') {
        i = this.scanObject(text, i);
        if (i === text.length) break;
        out.push(parseRow(this.take(text.slice(start, i + 1))));
        this.state = 'between';
        continue;
      }
      const code = text.charCodeAt(i);
      if (isSpace(code)) continue;
      if (this.state === 'before') {
        if (code !== OPEN_ARRAY)
          throw new JsonArrayError(
            code === OPEN_OBJECT ? 'is a JSON object, not a list of streams' : 'is not JSON (expected a list of streams starting with "[")',
          );
        this.state = 'between';
      } else if (this.state === 'between') {
        if (code === COMMA) continue;
        if (code === CLOSE_ARRAY) this.state = 'done';
        else if (code === OPEN_OBJECT) {
          this.rows++;
          const row = parseUpToFirstBrace(text, i);
          if (row !== undefined) {
            out.push(row);
            i = text.indexOf('}', i);
            continue;
          }
          this.state = 'object';
          this.depth = 0;
          start = i;
          i--;
        } else throw new JsonArrayError('is not an object', this.rows + 1);
      } else {
        throw new JsonArrayError('has unexpected content after the end of the list');
      }
    }
    if (this.state === 'object') this.keep(text.slice(start));
    return out;
  }

  /** Call at the end of the text: a list that never closed was cut short. */
  finish(): number {
    if (this.state === 'before') throw new JsonArrayError('is empty (expected a list of streams)');
    if (this.state !== 'done')
      throw new JsonArrayError(
        `is truncated: it ends inside the list${this.state === 'object' ? ` (row ${this.rows} is incomplete)` : ''}`,
      );
    return this.rows;
  }

  /** Advances through the current object; returns the index of its closing brace, or text.length. */
  private scanObject(text: string, from: number): number {
    let i = from;
    while (i < text.length) {
      if (this.inString) {
        i = this.scanString(text, i);
        continue;
      }
      const code = text.charCodeAt(i);
      if (code === QUOTE) this.inString = true;
      else if (code === OPEN_OBJECT || code === OPEN_ARRAY) this.depth++;
      else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
        this.depth--;
        if (this.depth === 0) return i;
      }
      i++;
    }
    this.checkSize(text.length - from);
    return text.length;
  }

  /** Moves past string content; a quote counts only after an even run of backslashes. */
  private scanString(text: string, from: number): number {
    if (this.escaped) {
      this.escaped = false;
      return from + 1;
    }
    const quote = text.indexOf('"', from);
    const end = quote === -1 ? text.length : quote;
    let backslashes = 0;
    for (let j = end - 1; j >= from && text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (quote === -1) {
      this.escaped = backslashes % 2 === 1;
      return text.length;
    }
    if (backslashes % 2 === 0) this.inString = false;
    return quote + 1;
  }

  private checkSize(added: number): void {
    if (this.pieceChars + added > MAX_ROW_CHARS) {
      throw new JsonArrayError(`is larger than ${MAX_ROW_CHARS / 1_000_000} MB: not a streaming-history row`, this.rows);
    }
  }

  private keep(piece: string): void {
    this.pieces.push(piece);
    this.pieceChars += piece.length;
  }

  private take(last: string): string {
    this.checkSize(last.length);
    if (this.pieces.length === 0) return last;
    const whole = this.pieces.join('') + last;
    this.pieces = [];
    this.pieceChars = 0;
    return whole;
  }
}
