import { SaxesParser } from 'saxes';
import { SourceError } from '../types.js';

/**
 * A small element tree for publications that are a flat list of records in one XML file
 * (the UN Consolidated List, Canada's SEMA list). Both are a few MB, so the whole text is
 * parsed at once; saxes gives the line of every element, which errors and warnings name.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside the element, untrimmed. */
  text: string;
  line: number;
}

export interface XmlRecords {
  rootAttrs: Record<string, string>;
  records: XmlElement[];
}

export interface RecordShape {
  /** Root element the publisher's file has; any other root is another publication. */
  root: string;
  /** Plain-words name of the publication, for the error naming a wrong file. */
  publication: string;
  /** Element paths below the root (e.g. ['INDIVIDUALS', 'INDIVIDUAL']) that are records. */
  recordPaths: string[][];
}

/**
 * Parses the text and returns every record element (with its subtree) in document order.
 * Malformed or truncated XML, a wrong root element, and elements outside the expected record
 * containers throw SourceError naming the file and line, so a damaged file is never read as
 * a shorter list.
 */
export function readXmlRecords(text: string, file: string, shape: RecordShape): XmlRecords {
  const start = text.search(/\S/);
  if (start >= 0 && text[start] !== '<') {
    // saxes would only complain at the end of the text; say where the non-XML starts.
    const line = text.slice(0, start).split('\n').length;
    throw new SourceError(`malformed XML: the file starts with text, not with an XML declaration or element`, { file, line });
  }
  const parser = new SaxesParser({ position: true });
  const open: string[] = [];
  const building: XmlElement[] = [];
  const records: XmlElement[] = [];
  let rootAttrs: Record<string, string> = {};
  const isRecordPath = (path: string[]) => shape.recordPaths.some((p) => sameList(p, path));
  const isContainerPath = (path: string[]) => shape.recordPaths.some((p) => p.length > path.length && sameList(p.slice(0, path.length), path));

  parser.on('error', (err) => {
    throw new SourceError(`malformed XML: ${err.message.replace(/^\d+:\d+: /, '')}`, { file, line: parser.line });
  });
  parser.on('opentag', (tag) => {
    const attrs = tag.attributes as Record<string, string>;
    if (open.length === 0) {
      if (tag.name !== shape.root) {
        throw new SourceError(`not ${shape.publication}: the root element is <${tag.name}>, not <${shape.root}>`, { file, line: parser.line });
      }
      rootAttrs = attrs;
      open.push(tag.name);
      return;
    }
    open.push(tag.name);
    const below = open.slice(1);
    if (building.length || isRecordPath(below)) {
      const el: XmlElement = { name: tag.name, attrs, children: [], text: '', line: parser.line };
      building[building.length - 1]?.children.push(el);
      building.push(el);
    } else if (!isContainerPath(below)) {
      throw new SourceError(`unexpected element <${below.join('/')}> in <${shape.root}>`, { file, line: parser.line });
    }
  });
  const addText = (t: string) => {
    if (building.length) building[building.length - 1].text += t;
    else if (t.trim()) throw new SourceError(`unexpected text "${t.trim().slice(0, 40)}" outside any record`, { file, line: parser.line });
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    open.pop();
    const el = building.pop();
    if (el && !building.length) records.push(el);
  });
  parser.write(text).close();
  return { rootAttrs, records };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Text of an element with whitespace runs (the UN wraps long values) made single spaces. */
export function cleanText(s: string | undefined): string {
  return (s ?? '').normalize('NFC').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/** Cleaned text of the first child called `name`, or '' when absent or empty. */
export function childText(el: XmlElement, name: string): string {
  return cleanText(el.children.find((c) => c.name === name)?.text);
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** Cleaned, non-empty texts of an element's <VALUE> children (the UN's multi-valued fields). */
export function values(el: XmlElement | undefined): string[] {
  if (!el) return [];
  return el.children.filter((c) => c.name === 'VALUE').map((c) => cleanText(c.text)).filter(Boolean);
}
