import { aloadData, DataError } from '../../lib/node';
import { useTempDir } from './support/temp-dir';

const dir = useTempDir();

async function contentOf(name: string, text: string | Buffer): Promise<string> {
  const [document] = await aloadData(dir.write(name, text));
  return document.content;
}

async function failureOf(name: string, text: string | Buffer): Promise<DataError> {
  const path = dir.write(name, text);
  const error = await aloadData(path).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(DataError);
  expect((error as DataError).file).toBe(path);
  expect((error as DataError).message).toContain(path);
  return error as DataError;
}

describe('CSV', () => {
  it('turns each row into column: value lines, keeping a quoted field with a line break whole and dropping the BOM', async () => {
    const csv = '\uFEFFrespondent,quote,team\r\nR01,"Line one\nline two, with a comma",\r\nR02,"She said ""never""",5\r\n';
    await expect(contentOf('survey.csv', csv)).resolves.toBe(
      ['Row 1', 'respondent: R01', 'quote: Line one\nline two, with a comma', '', 'Row 2', 'respondent: R02', 'quote: She said "never"', 'team: 5'].join('\n'),
    );
  });

  it('fails for a header without rows and for a row of the wrong length, naming the file and the line', async () => {
    expect((await failureOf('header-only.csv', 'a,b,c\n')).message).toMatch(/holds no text/);
    expect((await failureOf('ragged.csv', 'a,b\n1,2\n3\n')).message).toMatch(/not valid CSV.*line 3/);
  });
});

describe('JSON', () => {
  it('is pretty-printed', async () => {
    await expect(contentOf('answers.json', '{"q":"Why?","a":[1,2]}')).resolves.toBe('{\n  "q": "Why?",\n  "a": [\n    1,\n    2\n  ]\n}');
  });

  it('fails when malformed', async () => {
    expect((await failureOf('broken.json', '{"q": ')).message).toMatch(/not valid JSON/);
  });
});

describe('YAML', () => {
  it('is checked and kept as written, comments included, for .yaml and .yml', async () => {
    const yaml = '# wave 2\nparticipants:\n  - name: Ana # lead\n    quote: "I need one place"\n';
    await expect(contentOf('notes.yaml', yaml)).resolves.toBe(yaml.trim());
    await expect(contentOf('notes.yml', 'a: 1\n---\nb: 2\n')).resolves.toBe('a: 1\n---\nb: 2');
  });

  it('fails when malformed', async () => {
    expect((await failureOf('broken.yml', 'a: [1, 2\nb: {')).message).toMatch(/not valid YAML/);
  });
});

describe('HTML', () => {
  it('keeps the text, drops scripts, styles, images and link addresses, for .html and .htm', async () => {
    const html = [
      '<html><head><title>t</title><style>p { color: red }</style><script>track()</script></head>',
      '<body><h1>Field notes</h1><p>Ana: <b>exports</b> are slow &amp; fragile.</p>',
      '<script>alert("x")</script><img src="a.png" alt="photo"><a href="https://example.com">see ticket</a>',
      '<table><tr><th>Who</th><th>Wish</th></tr><tr><td>Ben</td><td>One dashboard</td></tr></table></body></html>',
    ].join('');
    const text = await contentOf('page.html', html);
    expect(text).toContain('Field notes');
    expect(text).toContain('Ana: exports are slow & fragile.');
    expect(text).toContain('see ticket');
    expect(text).toMatch(/Who\s+Wish\nBen\s+One dashboard/);
    expect(text).not.toMatch(/track|alert|color|photo|example\.com|<|HTML/);
    await expect(contentOf('page.htm', '<p>Hello <i>there</i></p>')).resolves.toBe('Hello there');
  });

  it('fails when the page holds no text', async () => {
    expect((await failureOf('empty.html', '<script>only()</script><style>a{}</style>')).message).toMatch(/holds no text/);
  });
});

describe('text and Markdown', () => {
  it('are kept as written, minus the BOM and surrounding blank lines, whatever the extension case', async () => {
    await expect(contentOf('notes.md', '\uFEFF# Notes\n\n- one\n\n')).resolves.toBe('# Notes\n\n- one');
    await expect(contentOf('notes.markdown', '*a*')).resolves.toBe('*a*');
    await expect(contentOf('TICKETS.TXT', 'Ticket 1: slow')).resolves.toBe('Ticket 1: slow');
  });
});

describe('files that are not research data', () => {
  it('refuses an unsupported type, listing the supported ones', async () => {
    const error = await failureOf('budget.xlsx', 'PK');
    expect(error.message).toMatch(
      /Unsupported data file type.*\.csv, \.json, \.md, \.markdown, \.txt, \.yaml, \.yml, \.html, \.htm, \.vtt, \.srt, \.docx, \.pdf\)$/,
    );
    expect((await failureOf('Makefile', 'all:')).message).toMatch(/Unsupported/);
  });

  it('refuses empty and blank files', async () => {
    expect((await failureOf('empty.txt', '')).message).toMatch(/is empty/);
    expect((await failureOf('blank.md', ' \n\t\n')).message).toMatch(/is empty/);
  });

  it('refuses binary content: NUL bytes without a byte-order mark, or bytes in no encoding that can be told', async () => {
    expect((await failureOf('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).message).toMatch(/binary/);
    const undecidable = await failureOf('image.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x81]));
    expect(undecidable.message).toMatch(/not text in an encoding that can be told \(not UTF-8, no UTF-16 byte-order mark, not Latin-1\/Windows-1252\): save it as UTF-8/);
  });
});
