const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text from outside (a model, a data file's name) made inert in Markdown: HTML becomes entities,
 * so `<script>` and `<javascript:…>` autolinks are plain text, and brackets are escaped, so it
 * cannot open a link, an image or a reference definition. A reader still sees the same characters.
 */
export function markdownText(text: string): string {
  return text.replace(/[&<>]/g, (character) => ENTITIES[character]).replace(/[\\[\]]/g, '\\$&');
}
