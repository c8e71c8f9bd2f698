import type { Entity } from '../model/entity.js';
import type { SourceId } from '../model/sources.js';

/** One file of a publication, under the publisher's own file name. */
export interface SourceFile {
  name: string;
  /** Official download URL. */
  url: string;
  /** Optional files may be absent; a publication lacking a required file is incomplete. */
  optional?: boolean;
}

/**
 * One way a publisher ships a list (OFAC: legacy CSV set, legacy XML, advanced XML). Every
 * format of a source must yield the same entities, so that switching format shows no changes.
 */
export interface SourceFormat {
  id: string;
  label: string;
  files: SourceFile[];
}

export interface ParseMeta {
  /** Publication date the file states (YYYY-MM-DD), if it states one. */
  publishedAt?: string;
  /** Records the publisher's file holds, counted by the parser as it reads. */
  records: number;
  /**
   * Records read but deliberately not turned into entities because another source publishes
   * them first-hand (the CSL's OFAC rows); each skip is also explained in `warnings`.
   */
  skipped?: number;
  /** Non-fatal oddities worth showing (e.g. a remark continuation that is missing). */
  warnings: string[];
}

export interface ParseContext {
  /** Folder holding the publication's files under their own names. */
  dir: string;
  format: SourceFormat;
  /** Filled in by the parser while it reads. */
  meta: ParseMeta;
}

export interface Source {
  id: SourceId;
  title: string;
  publisher: string;
  /** Publisher's page about the list. */
  homepage: string;
  /** Formats in order of preference for download; the first whose files are present is read. */
  formats: SourceFormat[];
  /** Streams the publication's entities. Throws SourceError on anything it cannot trust. */
  parse(ctx: ParseContext): AsyncIterable<Entity>;
}

/** An error in a publication, naming the file and the line or byte offset. */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly where: { source?: string; file?: string; line?: number; offset?: number; record?: string } = {},
  ) {
    super(describe(message, where));
    this.name = 'SourceError';
  }
}

function describe(message: string, w: SourceError['where']): string {
  const loc = [
    w.file,
    w.line !== undefined ? `line ${w.line}` : undefined,
    w.offset !== undefined ? `byte ${w.offset}` : undefined,
    w.record !== undefined ? `record ${w.record}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return loc ? `${loc}: ${message}` : message;
}
