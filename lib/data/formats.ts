import { parse as parseCsv } from 'csv-parse/sync';
import { convert as htmlToText } from 'html-to-text';
import { parseAllDocuments } from 'yaml';
import { docxText } from './docx-text';
import { pdfText } from './pdf-text';
import { plainText } from './plain-text';
import { transcriptText } from './transcript-text';

type Converter = (text: string) => string;
/** A format read from its bytes by a library (a zip, a PDF), not decoded as text first. */
type Extractor = (bytes: Buffer) => Promise<string>;

/** Each CSV row as `column: value` lines under a `Row N` heading, empty cells left out. */
function csvToText(text: string): string {
  const rows = parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return rows
    .map((row, index) =>
      [`Row ${index + 1}`, ...Object.entries(row).filter(([, value]) => value !== '').map(([column, value]) => `${column}: ${value}`)].join('\n'),
    )
    .join('\n\n');
}

/** Pretty-printed, so that every file reads alike whatever its original layout. */
function jsonToText(text: string): string {
  return JSON.stringify(JSON.parse(text), null, 2);
}

/** Checked, then kept as written: YAML is already readable, and its comments may be notes. */
function yamlToText(text: string): string {
  const invalid = parseAllDocuments(text, { prettyErrors: false }).flatMap((document) => document.errors);
  if (invalid.length > 0) throw new Error(invalid[0].message);
  return text;
}

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

/** The page's text: scripts, styles and images dropped, links without their addresses. */
function htmlToPlainText(text: string): string {
  return htmlToText(text, {
    wordwrap: false,
    selectors: [
      ...HEADINGS,
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });
}

const asIs: Converter = (text) => text;
const webVtt: Converter = (text) => transcriptText(plainText(text), 'vtt');
const subRip: Converter = (text) => transcriptText(plainText(text), 'srt');
const fromBytes = (extract: Extractor): Extractor => async (bytes) => plainText(await extract(bytes));

/**
 * Each supported extension, how its text is obtained, and what evidence's `line` counts in it: the
 * line of the file for text formats and transcripts, of the converted text for CSV, JSON and HTML,
 * the paragraph for Word documents and the page for PDFs.
 */
const FORMATS = {
  '.csv': { name: 'CSV', convert: csvToText },
  '.json': { name: 'JSON', convert: jsonToText },
  '.md': { name: 'Markdown', convert: asIs },
  '.markdown': { name: 'Markdown', convert: asIs },
  '.txt': { name: 'text', convert: asIs },
  '.yaml': { name: 'YAML', convert: yamlToText },
  '.yml': { name: 'YAML', convert: yamlToText },
  '.html': { name: 'HTML', convert: htmlToPlainText },
  '.htm': { name: 'HTML', convert: htmlToPlainText },
  '.vtt': { name: 'WebVTT', convert: webVtt },
  '.srt': { name: 'SubRip', convert: subRip },
  '.docx': { name: 'Word (.docx)', extract: fromBytes(docxText) },
  '.pdf': { name: 'PDF', extract: fromBytes(pdfText) },
} satisfies Record<string, { name: string; convert: Converter } | { name: string; extract: Extractor }>;

export type DataExtension = keyof typeof FORMATS;
export type DataFormat = { name: string; convert: Converter } | { name: string; extract: Extractor };

export const SUPPORTED_DATA_EXTENSIONS = Object.keys(FORMATS) as DataExtension[];

/** The format of a file from its extension (case-insensitive), or undefined when unsupported. */
export function formatOf(path: string): DataFormat | undefined {
  const extension = /\.[^./\\]+$/.exec(path)?.[0].toLowerCase();
  return extension && Object.hasOwn(FORMATS, extension) ? (FORMATS[extension as DataExtension] as DataFormat) : undefined;
}
