import JSZip from 'jszip';

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;

const RELATIONSHIPS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

/** A paragraph: its runs of text, a `\n` inside one written as Word's line break (`<w:br/>`). */
const paragraph = (text: string): string =>
  `<w:p>${text
    .split('\n')
    .map((part) => `<w:r><w:t xml:space="preserve">${escapeXml(part)}</w:t></w:r>`)
    .join('<w:r><w:br/></w:r>')}</w:p>`;

/** The zip parts of a minimal Word document holding `paragraphs`, plus any `extra` parts. */
export function docxParts(paragraphs: readonly string[]): JSZip {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', RELATIONSHIPS);
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.map(paragraph).join('')}</w:body></w:document>`,
  );
  return zip;
}

/** A minimal Word document (.docx) holding `paragraphs`, as Word would save them. */
export function docxOf(paragraphs: readonly string[]): Promise<Buffer> {
  return docxParts(paragraphs).generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
