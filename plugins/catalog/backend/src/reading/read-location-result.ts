import type { Entity, TextPosition } from '@greenroom/catalog-model';

/**
 * An entity read from a location file, with where it starts in that file. It has its
 * placeholders resolved and its location annotations set, but is not validated yet.
 */
export interface ReadEntity {
  entity: Entity;
  position: TextPosition;
  /** The URL or absolute path of the file holding the entity. */
  target: string;
}

/** A problem met while reading a location, with where it is when known. */
export interface ReadLocationError {
  /** The URL or path of the file (or the location target) with the problem. */
  target: string;
  /** A message that stands on its own: it names the file, line and entity. */
  message: string;
  line?: number;
  column?: number;
  /**
   * The ref of the entity that was left out because of this problem (a placeholder that
   * could not be resolved, …), so the caller can keep its previous version.
   */
  entityRef?: string;
}

/**
 * What reading a location gave. When `unchanged` is true nothing was parsed: `entities`
 * and `errors` are empty and the previous result still stands.
 */
export interface ReadLocationResult {
  entities: ReadEntity[];
  errors: ReadLocationError[];
  unchanged: boolean;
  /**
   * Some file of the location could not be read, or a required target is missing: the
   * entities of those files are not in `entities`, which is therefore not the whole
   * location. Keep their previous versions rather than treating them as removed.
   */
  incomplete: boolean;
  /** Opaque; pass it back as `previousFingerprint` on the next read. */
  fingerprint: string;
  /** Location refs (`url:…`, `file:…`) of every file read, placeholders included. */
  refreshKeys: string[];
}
