import { extractText, getDocumentProxy } from 'unpdf';

/**
 * The text of a PDF, one page per line: PDF lines are layout, not sentences, so evidence's `line`
 * is the page number, the place the user can open. Page text is joined with single spaces.
 */
export async function pdfText(bytes: Buffer): Promise<string> {
  // A copy: PDF.js takes over (detaches) the buffer it is given, and the bytes are kept for copying.
  const document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
  try {
    const { text } = await extractText(document, { mergePages: false });
    return text.map((page) => page.replace(/\s+/g, ' ').trim()).join('\n');
  } finally {
    await document.destroy();
  }
}
