import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aloadData, DataError } from '../../lib/node';
import { EvidenceIndex } from '../../lib/evidence/evidence-index';
import { docxOf, docxParts } from './support/docx-fixture';
import { pdfOf } from './support/pdf-fixture';
import { useTempDir } from './support/temp-dir';

const dir = useTempDir();

async function contentOf(name: string, content: string | Buffer): Promise<string> {
  const [document] = await aloadData(dir.write(name, content));
  return document.content;
}

async function failureOf(name: string, content: string | Buffer): Promise<DataError> {
  const path = dir.write(name, content);
  const error = await aloadData(path).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(DataError);
  expect((error as DataError).file).toBe(path);
  return error as DataError;
}

/** The line of the file a quote is found on, as evidence reports it. */
async function lineOf(name: string, content: string | Buffer, quote: string): Promise<number | undefined> {
  return new EvidenceIndex(await aloadData(dir.write(name, content))).locate(quote).line;
}

describe('Word documents (.docx)', () => {
  const paragraphs = ['Ward visit, 3 March', '', 'P1 (Sam, nurse): I chart everything twice because the tablet logs me out.', 'P2 (Ana, pharmacist): Night shifts are the worst for stock checks.'];

  it('reads the text, one paragraph per line: evidence lines count the paragraphs that hold text', async () => {
    const docx = await docxOf(paragraphs);
    await expect(contentOf('ward.docx', docx)).resolves.toBe([paragraphs[0], paragraphs[2], paragraphs[3]].join('\n'));
    await expect(lineOf('visit.docx', docx, 'Night shifts are the worst for stock checks.')).resolves.toBe(3);
  });

  it('refuses a file that is not a Word document, and one whose zip holds no document', async () => {
    expect((await failureOf('fake.docx', 'just text')).message).toMatch(/^Data file is not valid Word \(\.docx\): .*fake\.docx: /);
    const parts = docxParts(['x']);
    parts.remove('word/document.xml');
    expect((await failureOf('hollow.docx', await parts.generateAsync({ type: 'nodebuffer' }))).message).toMatch(/not valid Word/);
  });

  /** The zip with the size its central directory declares for `name` set to `size`, as a crafted bomb has it. */
  function declaringSize(zip: Buffer, name: string, size: number): Buffer {
    const entry = zip.lastIndexOf(Buffer.concat([Buffer.from([0x50, 0x4b, 0x01, 0x02])]), zip.lastIndexOf(Buffer.from(name)));
    expect(zip.subarray(entry + 46, entry + 46 + name.length).toString()).toBe(name);
    const patched = Buffer.from(zip);
    patched.writeUInt32LE(size, entry + 24);
    return patched;
  }

  it('refuses a zip bomb by the sizes it declares, before unpacking it', async () => {
    const parts = docxParts(['x']);
    parts.file('word/media/filler.bin', Buffer.alloc(64 * 1024));
    const zip = await parts.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const bomb = declaringSize(zip, 'word/media/filler.bin', 2 ** 32 - 2);
    expect((await failureOf('bomb.docx', bomb)).message).toMatch(/not valid Word.*would unpack to more than 104857600 bytes/);
  });

  it('refuses a zip that unpacks to more than it declares, at the first byte past its claim', async () => {
    const parts = docxParts(['x']);
    parts.file('word/media/filler.bin', Buffer.alloc(1024 * 1024));
    const zip = await parts.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const liar = declaringSize(zip, 'word/media/filler.bin', 1024);
    expect((await failureOf('liar.docx', liar)).message).toMatch(/not valid Word.*too many bytes/i);
  });

  it('refuses a zip of more parts than a Word document holds', async () => {
    const parts = docxParts(['x']);
    for (let part = 0; part < 2_001; part += 1) parts.file(`word/media/p${part}.txt`, '');
    const zip = await parts.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
    expect((await failureOf('parts.docx', zip)).message).toMatch(/not valid Word.*more than 2000 parts/);
  }, 60_000);
});

describe('PDF', () => {
  it('reads the text, one page per line: evidence lines are page numbers', async () => {
    const pdf = pdfOf([['Field report', 'Nurses chart twice.'], ['Pharmacists count stock (at night).']]);
    await expect(contentOf('report.pdf', pdf)).resolves.toBe('Field report Nurses chart twice.\nPharmacists count stock (at night).');
    await expect(lineOf('report2.pdf', pdf, 'Pharmacists count stock (at night).')).resolves.toBe(2);
  });

  it('refuses a malformed PDF and one with no text (a scan) with DataError naming the file', async () => {
    expect((await failureOf('broken.pdf', '%PDF-1.7\n1 0 obj <<')).message).toMatch(/^Data file is not valid PDF: .*broken\.pdf: /);
    expect((await failureOf('scan.pdf', pdfOf([[]]))).message).toMatch(/^Data file holds no text: /);
  });
});

describe('transcripts (.vtt, .srt)', () => {
  const vtt = [
    'WEBVTT - ward visit',
    '',
    'NOTE recorded on Teams',
    'second note line',
    '',
    '1',
    '00:00:01.000 --> 00:00:04.000 align:start',
    '<v Sam Smith>I chart everything <i>twice</i> &amp; then again.</v>',
    'The tablet logs me out.',
    '',
    '00:00:05.000 --> 00:00:07.500',
    '<v.nurse Ana>Night shifts are the worst.',
    '',
  ].join('\r\n');

  it('keeps the words with their speaker, drops header, notes, cue numbers and timings, line for line', async () => {
    const content = await contentOf('visit.vtt', vtt);
    expect(content.split('\n')).toEqual(['', '', '', '', '', '', '', 'Sam Smith: I chart everything twice & then again.', 'The tablet logs me out.', '', '', 'Ana: Night shifts are the worst.']);
    expect(content).not.toMatch(/-->|WEBVTT|NOTE/);
    await expect(lineOf('again.vtt', vtt, 'Night shifts are the worst.')).resolves.toBe(12);
  });

  it('reads SubRip, with Zoom-style "Name:" speakers kept and formatting tags dropped', async () => {
    const srt = ['1', '00:00:01,000 --> 00:00:03,000', 'Sam: {\\an8}I <b>hate</b> the night shift.', '', '2', '00:00:04,000 --> 00:00:05,000', 'Ana: Me too.', ''].join('\n');
    await expect(contentOf('call.srt', srt)).resolves.toBe(['', '', 'Sam: I hate the night shift.', '', '', '', 'Ana: Me too.'].join('\n'));
  });

  it('refuses a .vtt without its WEBVTT line and a transcript without any timing', async () => {
    expect((await failureOf('notes.vtt', 'hello\n\n00:01.000 --> 00:02.000\nx')).message).toMatch(/not valid WebVTT.*starts with the line WEBVTT/);
    expect((await failureOf('notes.srt', 'just some text')).message).toMatch(/not valid SubRip.*no cue timing line/);
  });

  it('strips escape sequences and control characters from cue text', async () => {
    const hostile = 'WEBVTT\n\n00:01.000 --> 00:02.000\n<v Sam>\u001b[31mred\u001b[0m \u001b]0;title\u0007text\u0007 ok\u009b\n';
    await expect(contentOf('hostile.vtt', hostile)).resolves.toBe('\n\n\nSam: red text ok');
  });

  it('reads a huge cue, and one full of unclosed tags, whole and in linear time', async () => {
    const words = 'word '.repeat(400_000);
    await expect(contentOf('long.vtt', `WEBVTT\n\n00:01.000 --> 00:02.000\n<v Sam>${words}\n`)).resolves.toBe(`\n\n\nSam: ${words.trim()}`);
    const unclosed = '<'.repeat(1_000_000);
    await expect(contentOf('tags.srt', `1\n00:00:01,000 --> 00:00:02,000\n${unclosed}\n`)).resolves.toBe(`\n\n${unclosed}`);
  });
});

describe('text in other encodings', () => {
  const text = 'Café “crème” – naïve';

  it('decodes UTF-16LE and UTF-16BE by their byte-order mark, and drops a UTF-8 one', async () => {
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const utf16be = Buffer.from(utf16le.subarray(2)).swap16();
    await expect(contentOf('le.txt', utf16le)).resolves.toBe(text);
    await expect(contentOf('be.md', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]))).resolves.toBe(text);
    await expect(contentOf('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).resolves.toBe(text);
  });

  it('decodes Latin-1 and Windows-1252 text that is not UTF-8', async () => {
    await expect(contentOf('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x21]))).resolves.toBe('café !');
    const windows1252 = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x63, 0x72, 0xe8, 0x6d, 0x65, 0x94, 0x20, 0x96, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65]);
    await expect(contentOf('cp1252.txt', windows1252)).resolves.toBe(text);
  });

  it('refuses UTF-32 and a byte-order mark whose text does not follow it, saying so', async () => {
    expect((await failureOf('wide.txt', Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00]))).message).toMatch(/UTF-32 text, which is not read: save it as UTF-8/);
    expect((await failureOf('odd.txt', Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41]))).message).toMatch(/UTF-16LE byte-order mark but is not valid UTF-16LE/);
    expect((await failureOf('odd-be.txt', Buffer.from([0xfe, 0xff, 0xd8, 0x00, 0x00]))).message).toMatch(/UTF-16BE byte-order mark but is not valid UTF-16BE/);
  });
});

describe('a folder of mixed research data', () => {
  it('reads .md, .docx, .vtt and .pdf, skipping the unsupported file and naming it', async () => {
    dir.write('study/notes.md', '# Notes\nSam wants fewer logins.');
    dir.write('study/interview.docx', await docxOf(['P1 (Sam, nurse): I chart everything twice.']));
    dir.write('study/call.vtt', 'WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Night shifts are the worst.\n');
    dir.write('study/report.pdf', pdfOf([['Stock checks take an hour.']]));
    const sheet = dir.write('study/budget.xlsx', 'PK');
    const skipped: (readonly string[])[] = [];
    const documents = await aloadData(join(dir.path, 'study'), { onSkippedFiles: (paths) => skipped.push(paths) });
    expect(documents.map((document) => document.name)).toEqual(['study/call.vtt', 'study/interview.docx', 'study/notes.md', 'study/report.pdf']);
    expect(skipped).toEqual([[sheet]]);
    expect(readFileSync(sheet, 'utf8')).toBe('PK');
  });
});
