import { FixError } from './yaml-edit.js';

export interface Segment {
  /** Offset of the document's `---` line, or of its first line when it has no marker. */
  start: number;
  /** Offset just past the document's last line. */
  end: number;
}

const MARKER_RE = /^---(?:[ \t].*)?$/;

/**
 * Splits a multi-document file into the text spans of its documents, indexed as the parsers
 * index them: text before the first `---` is a document only when it holds more than comments.
 */
export function documentSegments(text: string, expectedCount: number): Segment[] {
  const markers: number[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (MARKER_RE.test(line.replace(/\r$/, ''))) markers.push(offset);
    offset += line.length + 1;
  }
  const segments: Segment[] = [];
  const head = text.slice(0, markers[0] ?? text.length);
  if (/^(?!\s*(#|$)).+/m.test(head.replace(/^\.\.\.\s*$/gm, ''))) segments.push({ start: 0, end: markers[0] ?? text.length });
  markers.forEach((m, i) => segments.push({ start: m, end: markers[i + 1] ?? text.length }));
  if (segments.length !== expectedCount) {
    throw new FixError(`cannot split this file into its ${expectedCount} documents safely`);
  }
  return segments;
}

/** The text of one document as a file of its own, starting with `---` as flux and kubectl write them. */
export function documentAsFile(text: string, seg: Segment): string {
  let body = text.slice(seg.start, seg.end);
  if (!body.startsWith('---')) body = `---\n${body}`;
  return body.endsWith('\n') ? body : `${body}\n`;
}
