import { type Document, parseAllDocuments } from 'yaml';
import type { JsonPathSegment } from '../validation/issue.js';
import { parseYamlFast } from './fast-yaml.js';
import { LineIndex } from './line-index.js';
import { offsetInDocument } from './locate-in-document.js';
import { utf8Length } from './utf8-length.js';
import { YamlValueError, yamlDocumentToValue } from './yaml-to-value.js';

/**
 * Limits and options for {@link parseEntityYaml}.
 *
 * @example
 * parseEntityYaml(text, { fileName: 'org.yaml', maxBytes: 1024 * 1024, merge: true });
 */
export interface ParseEntityYamlOptions {
  /** The name used in messages. Default `catalog-info.yaml`. */
  fileName?: string;
  /** Larger files are rejected as a whole. Default 5 MiB. */
  maxBytes?: number;
  /** Alias references (`*name`) one document may expand, nested ones included. Default 100. */
  maxAliases?: number;
  /** How deeply lists and mappings may nest. Default 64. */
  maxDepth?: number;
  /** Files with more documents are rejected as a whole. Default 100,000. */
  maxDocuments?: number;
  /** Apply YAML merge keys (`<<: *defaults`), as Backstage's `enableYamlMerge`. Default false. */
  merge?: boolean;
}

/** A 1-based line and column in the file. */
export interface TextPosition {
  line: number;
  column: number;
}

/** One document of the file that is a mapping: an entity still to be validated. */
export interface ParsedEntityDocument {
  entity: Record<string, unknown>;
  /** Where the document's content starts. */
  position: TextPosition;
  documentIndex: number;
}

/** A problem with one document, or with the file as a whole (then without `documentIndex`). */
export interface EntityYamlError extends TextPosition {
  message: string;
  documentIndex?: number;
}

/** What {@link parseEntityYaml} found. */
export interface ParsedEntityYaml {
  entities: ParsedEntityDocument[];
  errors: EntityYamlError[];
  /**
   * Where the value at a JSON path of a document's entity is in the file, e.g. for the path
   * of a validation issue; the nearest existing part when the path is not in the document.
   */
  locate(documentIndex: number, path: readonly JsonPathSegment[]): TextPosition | undefined;
}

/**
 * Parses an entity file: every YAML document that is a mapping becomes an entity with its
 * position; empty documents are skipped; a document that is not a mapping, has a YAML error,
 * or breaks a limit (aliases, depth) is an error for that document only. An oversized file or
 * one with too many documents is an error for the whole file. Works in browsers too.
 *
 * @example
 * const parsed = parseEntityYaml(text, { fileName: 'catalog-info.yaml' });
 * for (const { entity, documentIndex } of parsed.entities) {
 *   for (const issue of model.validateEntity(entity)) {
 *     const at = parsed.locate(documentIndex, issue.path);
 *     console.log(`catalog-info.yaml:${at?.line}:${at?.column} ${issue.message}`);
 *   }
 * }
 */
export function parseEntityYaml(text: string, options: ParseEntityYamlOptions = {}): ParsedEntityYaml {
  const { maxBytes = 5 * 1024 * 1024, maxDepth = 64, maxDocuments = 100_000, merge = false } = options;
  const small =
    text.length <= maxBytes && (text.length * 3 <= maxBytes || utf8Length(text, maxBytes) <= maxBytes);
  const fast = small && !merge ? parseYamlFast(text, { maxDepth, maxDocuments }) : undefined;
  return fast ? fastResult(text, fast, options) : parseFull(text, options);
}

/** The full parser: positions for everything, alias and depth limits, one error per bad document. */
function parseFull(text: string, options: ParseEntityYamlOptions): ParsedEntityYaml {
  const {
    fileName = 'catalog-info.yaml',
    maxBytes = 5 * 1024 * 1024,
    maxAliases = 100,
    maxDepth = 64,
    maxDocuments = 100_000,
    merge = false,
  } = options;
  const lines = new LineIndex(text);
  const at = (offset: number): TextPosition => lines.position(offset);
  const entities: ParsedEntityDocument[] = [];
  const errors: EntityYamlError[] = [];
  let documents: Document[] = [];
  const result: ParsedEntityYaml = {
    entities,
    errors,
    locate: (documentIndex, path) => {
      const document = documents[documentIndex];
      return document ? at(offsetInDocument(document, path)) : undefined;
    },
  };
  const fileError = (message: string, offset = 0) => {
    errors.push({ message: `${fileName}: ${message}`, ...at(offset) });
    return result;
  };

  if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text, maxBytes) > maxBytes)) {
    return fileError(`the file is larger than ${maxBytes} bytes; split it into several files`);
  }
  try {
    const parsed = parseAllDocuments(text, { merge, prettyErrors: false });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    if (error instanceof RangeError) return fileError(`the file is nested too deeply to parse`);
    throw error;
  }
  if (documents.length > maxDocuments) {
    documents = [];
    return fileError(`the file holds more than ${maxDocuments} documents; split it into several files`);
  }
  for (let documentIndex = 0; documentIndex < documents.length; documentIndex++) {
    const document = documents[documentIndex]!;
    const documentError = (message: string, offset: number) => {
      errors.push({
        message: `${fileName}, document ${documentIndex + 1}: ${message}`,
        ...at(offset),
        documentIndex,
      });
    };
    const yamlError = document.errors[0];
    if (yamlError) {
      const message =
        yamlError.code === 'RESOURCE_EXHAUSTION'
          ? `the document is nested more than ${maxDepth} levels deep`
          : yamlError.message;
      documentError(message, yamlError.pos[0]);
      continue;
    }
    const contents = document.contents;
    if (contents === null) continue;
    const start = contents.range?.[0] ?? 0;
    let value: unknown;
    try {
      value = yamlDocumentToValue(document, { maxAliases, maxDepth, merge });
    } catch (error) {
      if (error instanceof YamlValueError) documentError(error.message, error.offset);
      else if (error instanceof RangeError) documentError('the document is nested too deeply', start);
      else throw error;
      continue;
    }
    if (value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      const found = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
      documentError(
        `expected an entity (a mapping with apiVersion, kind, metadata and spec), found ${found}`,
        start,
      );
      continue;
    }
    entities.push({ entity: value as Record<string, unknown>, position: at(start), documentIndex });
  }
  return result;
}

/**
 * The result for a file the fast parser read: positions come from the full parser, run
 * only if someone asks for one (to report a problem), and mapped entity by entity.
 */
function fastResult(
  text: string,
  values: Record<string, unknown>[],
  options: ParseEntityYamlOptions,
): ParsedEntityYaml {
  let full: ParsedEntityYaml | undefined;
  const fullParse = () => {
    full ??= parseFull(text, options);
    return full;
  };
  const entities: ParsedEntityDocument[] = values.map((entity, documentIndex) => ({
    entity,
    documentIndex,
    get position() {
      return fullParse().entities[documentIndex]?.position ?? { line: 1, column: 1 };
    },
  }));
  return {
    entities,
    errors: [],
    locate: (documentIndex, path) => {
      const parsed = fullParse();
      const document = parsed.entities[documentIndex];
      return document ? parsed.locate(document.documentIndex, path) : undefined;
    },
  };
}
