import { isWordUnit } from './word-unit';

export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, one unit at a time, so that a token is hashed as it is read. */
export function hashUnit(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** One word of a text: a maximal run of letters and digits. */
export interface Token {
  /** Where the run starts in the text. */
  offset: number;
  hash: number;
}

/** The words of a short text (a quote), with their hashes. */
export function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  let hash = FNV_OFFSET;
  let start = -1;
  for (let offset = 0; offset <= text.length; offset += 1) {
    const code = offset < text.length ? text.charCodeAt(offset) : -1;
    if (code >= 0 && isWordUnit(code)) {
      if (start < 0) [start, hash] = [offset, FNV_OFFSET];
      hash = hashUnit(hash, code);
    } else if (start >= 0) {
      tokens.push({ offset: start, hash });
      start = -1;
    }
  }
  return tokens;
}

/** Appends integers to a buffer sized for the most that can be written, and hands back exactly what was written. */
export class IntList {
  private values: Int32Array;
  length = 0;

  constructor(capacity: number) {
    // Pages never written stay unallocated by the operating system: the worst case costs address space only.
    this.values = new Int32Array(Math.max(Math.ceil(capacity), 1));
  }

  push(value: number): void {
    this.values[this.length] = value;
    this.length += 1;
  }

  toArray(): Int32Array {
    // A view, not a copy: the pages past `length` were never written, so they cost no memory.
    return this.values.subarray(0, this.length);
  }
}

/** Buckets per token: few enough to stay small, many enough that distinct words rarely share one. */
const TOKENS_PER_BUCKET = 8;
const MAX_BUCKETS = 1 << 20;

/**
 * Where each word occurs, found by its hash: one flat array of values grouped by bucket, in the
 * order they were added (data order), and where each bucket's group starts. Words whose hashes
 * share a bucket share a group; their extra entries are candidates that fail the check.
 */
export class TokenPostings {
  private readonly mask: number;
  private readonly starts: Int32Array;
  private readonly values: Int32Array;

  /** `values[i]` is added under `hashes[i]`; without `values`, `i` itself is. */
  constructor(hashes: Int32Array, values?: Int32Array) {
    let buckets = 64;
    while (buckets < MAX_BUCKETS && buckets * TOKENS_PER_BUCKET < hashes.length) buckets *= 2;
    this.mask = buckets - 1;
    this.starts = new Int32Array(buckets + 1);
    const { mask, starts } = this;
    // Indexed loops: this runs once per word of the data.
    for (let index = 0; index < hashes.length; index += 1) starts[(hashes[index] & mask) + 1] += 1;
    for (let bucket = 0; bucket < buckets; bucket += 1) starts[bucket + 1] += starts[bucket];
    const filled = starts.slice(0, buckets);
    this.values = new Int32Array(hashes.length);
    for (let index = 0; index < hashes.length; index += 1) this.values[filled[hashes[index] & mask]++] = values ? values[index] : index;
  }

  /** The values added with this hash (and any sharing its bucket), in the order they were added. */
  candidates(hash: number): Int32Array {
    const bucket = hash & this.mask;
    return this.values.subarray(this.starts[bucket], this.starts[bucket + 1]);
  }
}
