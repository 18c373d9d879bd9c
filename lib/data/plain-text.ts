/** ANSI escape sequences (CSI … final byte, OSC … BEL/ST), whole, so that no "[31m" is left behind. */
const ESCAPE_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
/** Controls other than tab and line feed; carriage returns are line ends and become line feeds first. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text extracted from a document or transcript, as plain lines: CRLF and CR line ends made LF,
 * escape sequences and control characters removed (a file cannot drive a terminal or hide
 * instructions in them). What the user reads in their viewer stays.
 */
export function plainText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}
