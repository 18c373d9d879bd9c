import { DataError } from '../errors';

// Fatal: a byte sequence that is not UTF-8 is not taken for UTF-8. A UTF-8 BOM is dropped.
const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true });
const utf16be = new TextDecoder('utf-16be', { fatal: true });
/**
 * Windows-1252's 0x80–0x9F (curly quotes, dashes, €, …), where Latin-1 has C1 controls. Spelled
 * out because Node's TextDecoder('windows-1252') decodes those bytes as Latin-1 does. The five
 * undefined bytes are refused before this is used.
 */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (character) => WINDOWS_1252_HIGH[character.charCodeAt(0) - 0x80]);
}

/**
 * Bytes that no Windows-1252 text holds: C0 controls other than tab, line feed, form feed and
 * carriage return, and the five code points Windows-1252 leaves undefined. Their presence means
 * the file is not Latin-1 text either, so guessing would only produce mojibake.
 */
const NOT_WINDOWS_1252 = /[\x00-\x08\x0b\x0e-\x1f\x7f\x81\x8d\x8f\x90\x9d]/;

function startsWith(bytes: Buffer, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function decodeOrRefuse(decoder: TextDecoder, bytes: Buffer, encoding: string, path: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new DataError(`Data file starts with a ${encoding} byte-order mark but is not valid ${encoding}: ${path}`, path);
  }
}

/**
 * The text of a data file whose encoding can be told: a byte-order mark (UTF-8, UTF-16LE,
 * UTF-16BE), valid UTF-8, or else text that is valid Windows-1252 (which covers Latin-1). Anything
 * else is refused with DataError saying what was tried, rather than decoded into garbage.
 */
export function decodeText(bytes: Buffer, path: string): string {
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    throw new DataError(`Data file is UTF-32 text, which is not read: save it as UTF-8: ${path}`, path);
  }
  if (startsWith(bytes, [0xff, 0xfe])) return decodeOrRefuse(utf16le, bytes.subarray(2), 'UTF-16LE', path);
  if (startsWith(bytes, [0xfe, 0xff])) return decodeOrRefuse(utf16be, bytes.subarray(2), 'UTF-16BE', path);
  if (bytes.includes(0)) throw new DataError(`Data file looks binary (it holds NUL bytes and no byte-order mark): ${path}`, path);
  try {
    return utf8.decode(bytes);
  } catch {
    // Not UTF-8: the only other encoding that can be told from the bytes alone is a single-byte one.
  }
  if (!NOT_WINDOWS_1252.test(bytes.toString('latin1'))) return decodeWindows1252(bytes);
  throw new DataError(
    `Data file is not text in an encoding that can be told (not UTF-8, no UTF-16 byte-order mark, not Latin-1/Windows-1252): save it as UTF-8: ${path}`,
    path,
  );
}
