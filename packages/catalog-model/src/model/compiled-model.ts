import type { z } from 'zod';
import type { JsonSchemaObject } from './model-fragment.js';

/** One kind declaration after merging: the apiVersions it serves and its spec schema in both forms. */
export interface CompiledKind {
  kind: string;
  apiVersions: string[];
  description?: string;
  source: string;
  specRequired: boolean;
  spec: z.ZodType;
  specJsonSchema: JsonSchemaObject;
}

/** A relation type as known to the model, with its reverse. */
export interface CompiledRelation {
  type: string;
  reverse: string;
  description?: string;
  source: string;
}

/** A relation field ready to read: its path split into segments and the reverse looked up. */
export interface CompiledRelationField {
  kind: string;
  path: string;
  segments: string[];
  relation: string;
  reverse: string;
  defaultKind?: string;
  /** `'inherit'` or a namespace. */
  defaultNamespace: string;
  targetKinds?: string[];
  description?: string;
  source: string;
}

/** A well-known annotation or label key. */
export interface CompiledMetadataKey {
  key: string;
  description?: string;
  source: string;
  value?: z.ZodType;
  valueJsonSchema?: JsonSchemaObject;
}

/** Everything `compileModel` derives from the fragments; read by the model's operations. */
export interface CompiledModel {
  /** kind → apiVersion → declaration. Kinds match case-sensitively, as in Backstage. */
  kindVersions: Map<string, Map<string, CompiledKind>>;
  /** Each declaration once, in declaration order. */
  kinds: CompiledKind[];
  /** Every relation type, forward and reverse, keyed by type. */
  relationTypes: Map<string, CompiledRelation>;
  /** Each declared pair once (the forward side), in declaration order. */
  relationPairs: CompiledRelation[];
  relationFields: CompiledRelationField[];
  relationFieldsByKind: Map<string, CompiledRelationField[]>;
  annotations: Map<string, CompiledMetadataKey>;
  labels: Map<string, CompiledMetadataKey>;
}
