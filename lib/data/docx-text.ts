import mammoth from 'mammoth';
import { checkZipBounds, MAX_UNPACKED_BYTES } from './zip-bounds';

/**
 * The text of a Word document, one paragraph per line, so that evidence's `line` is the number of
 * the paragraph (counting paragraphs that hold text) in the document the user opens. Line breaks
 * inside a paragraph become spaces. The zip is checked for bombs before mammoth unpacks it.
 */
export async function docxText(bytes: Buffer): Promise<string> {
  await checkZipBounds(bytes, MAX_UNPACKED_BYTES);
  const { value } = await mammoth.extractRawText({ buffer: bytes });
  return value
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ').trim())
    .filter((paragraph) => paragraph !== '')
    .join('\n');
}
