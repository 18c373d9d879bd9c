import { fromBufferPromise } from 'yauzl';

/** What a Word document may unpack to: far more than any interview's text, far less than memory. */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
/** A .docx holds a few dozen parts; thousands are a zip built to exhaust the reader. */
export const MAX_ZIP_ENTRIES = 2_000;

/**
 * Refuses a zip that would unpack to more than `maxUnpackedBytes` before another reader unpacks
 * it: the sizes its directory declares are added up, then every entry is inflated and counted
 * against the size it declared (yauzl's validateEntrySizes), so that a zip bomb that lies about
 * its sizes is stopped at the first byte past its claim, in bounded memory.
 */
export async function checkZipBounds(bytes: Buffer, maxUnpackedBytes: number): Promise<void> {
  const zip = await fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true });
  try {
    let declared = 0;
    let entries = 0;
    for await (const entry of zip.eachEntry()) {
      entries += 1;
      declared += entry.uncompressedSize;
      if (entries > MAX_ZIP_ENTRIES) throw new Error(`it holds more than ${MAX_ZIP_ENTRIES} parts`);
      if (declared > maxUnpackedBytes) throw new Error(`it would unpack to more than ${maxUnpackedBytes} bytes`);
      const stream = await zip.openReadStreamPromise(entry);
      // Consumed and dropped: only the count matters; yauzl errors the stream past the declared size.
      for await (const chunk of stream) void chunk;
    }
  } finally {
    zip.close();
  }
}
