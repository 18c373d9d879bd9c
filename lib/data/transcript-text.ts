/**
 * WebVTT and SubRip transcripts (what Zoom, Teams, Meet and Otter export) as the words said, one
 * output line per line of the file so that evidence's `line` is the line in the transcript the
 * user opens: the header, NOTE/STYLE/REGION blocks, cue numbers and timing lines become blank
 * lines; cue text stays where it was, with its speaker.
 *
 * Hand-written on purpose: the parsers on npm return cues without their place in the file, and
 * the place is what evidence needs. Every pattern is bounded, so a hostile cue costs linear time.
 */

/** `<v Sam>` or `<v.loud Sam Smith>`: WebVTT's voice span, the speaker's name up to `>`. */
const VOICE = /<v(?:\.[^\s<>]{0,200})?[ \t]+([^<>\n]{1,200})>/;
/** Any other markup: `<i>`, `</v>`, `<c.yellow>`, `<00:01:02.000>`, SubRip's `<font …>` and `{\an8}`. */
const MARKUP = /<[^<>\n]{0,200}>|\{\\[^{}\n]{0,50}\}/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', lrm: '', rlm: '' };
const ENTITY = /&(amp|lt|gt|quot|apos|nbsp|lrm|rlm);/g;
const TIMING = '-->';
/** Blocks that hold no speech: comments, styles and region definitions. */
const NON_CUE_BLOCK = /^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/;

export type TranscriptFormat = 'vtt' | 'srt';

function cueLine(line: string, first: boolean): string {
  const voice = VOICE.exec(line);
  const speaker = first && voice ? `${voice[1].trim()}: ` : '';
  return `${speaker}${line.replace(MARKUP, '').replace(ENTITY, (_, name: string) => ENTITIES[name])}`.trim();
}

/** One block (lines between blank lines) with its non-speech lines blanked. */
function blockText(block: readonly string[], isHeader: boolean): string[] {
  const timing = block.findIndex((line) => line.includes(TIMING));
  if (isHeader || timing < 0 || NON_CUE_BLOCK.test(block[0])) return block.map(() => '');
  return block.map((line, index) => (index <= timing ? '' : cueLine(line, index === timing + 1)));
}

function blocksOf(lines: readonly string[]): string[][] {
  const blocks: string[][] = [[]];
  for (const line of lines) {
    if (line.trim() === '') blocks.push([line], []);
    else blocks[blocks.length - 1].push(line);
  }
  return blocks.filter((block) => block.length > 0);
}

/**
 * The spoken text of a transcript, line for line. Throws (the caller makes it a DataError) when a
 * `.vtt` does not start with `WEBVTT`, or when the file holds no cue timing at all.
 */
export function transcriptText(text: string, format: TranscriptFormat): string {
  const lines = text.split('\n');
  if (format === 'vtt' && !/^WEBVTT(?:[ \t]|$)/.test(lines[0])) throw new Error('a WebVTT file starts with the line WEBVTT');
  if (!lines.some((line) => line.includes(TIMING))) throw new Error(`no cue timing line (with ${TIMING}) found`);
  return blocksOf(lines)
    .flatMap((block, index) => (block[0].trim() === '' ? [''] : blockText(block, format === 'vtt' && index === 0)))
    .join('\n');
}
