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
    if (MARKER_RE.test(line.replace(/\r$/, '').replace(/^\ufeff/, ''))) markers.push(offset);
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

/**
 * The text of one document as a file of its own, starting with `---` as flux and kubectl write them,
 * in the line endings of the file it comes from, after its byte order mark if it has one.
 */
export function documentAsFile(text: string, seg: Segment): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let body = text.slice(seg.start, seg.end);
  const bom = body.startsWith('\ufeff') ? '\ufeff' : '';
  body = body.slice(bom.length);
  if (!body.startsWith('---')) body = `---${eol}${body}`;
  return bom + (body.endsWith('\n') ? body : `${body}${eol}`);
}

/** `text` without the document at `seg`; a byte order mark at the start of the file stays. */
export function withoutDocument(text: string, seg: Segment): string {
  const rest = text.slice(0, seg.start) + text.slice(seg.end);
  return seg.start === 0 && text.startsWith('\ufeff') && !rest.startsWith('\ufeff') ? `\ufeff${rest}` : rest;
}
