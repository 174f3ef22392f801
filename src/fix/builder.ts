import type { YamlPath } from '../load/types.js';

/** A place inside a YAML document. */
export interface DocTarget {
  file: string;
  doc: number;
}

/** One operation a fix asks for; the fix engine lowers it to text edits and file operations. */
export type FixOperation =
  | { op: 'set'; target: DocTarget; path: YamlPath; value: unknown }
  | { op: 'delete'; target: DocTarget; path: YamlPath }
  | { op: 'insert-item'; target: DocTarget; path: YamlPath; value: unknown }
  | { op: 'create-file'; file: string; text: string }
  | { op: 'move-file'; from: string; to: string }
  | { op: 'relocate'; from: string; doc?: number; to: string; relist: boolean }
  | { op: 'delete-document'; target: DocTarget }
  | { op: 'delete-file'; file: string }
  | { op: 'replace-file'; file: string; text: string };

/**
 * The API a rule's fix function gets. Rules describe changes as data; the engine applies them.
 *
 * @example
 * fix: (b) => {
 *   b.createFile('flux/sources/omni-gitops.yaml', text);
 *   b.insertItem({ file: 'flux/sources/kustomization.yaml', doc: 0 }, ['resources'], 'omni-gitops.yaml');
 * }
 */
export class FixBuilder {
  readonly operations: FixOperation[] = [];

  setIn(target: DocTarget, path: YamlPath, value: unknown): this {
    this.operations.push({ op: 'set', target, path, value });
    return this;
  }

  deleteIn(target: DocTarget, path: YamlPath): this {
    this.operations.push({ op: 'delete', target, path });
    return this;
  }

  /** Appends `value` to the sequence at `path`, creating the sequence when absent. */
  insertItem(target: DocTarget, path: YamlPath, value: unknown): this {
    this.operations.push({ op: 'insert-item', target, path, value });
    return this;
  }

  createFile(file: string, text: string): this {
    this.operations.push({ op: 'create-file', file, text });
    return this;
  }

  /** Moves a file and rewrites every reference the graph knows to it. */
  moveFile(from: string, to: string): this {
    this.operations.push({ op: 'move-file', from, to });
    return this;
  }

  /**
   * Moves a file (or one document of it) into another folder for the target layout. When the
   * target folder is deployed (or `relist` is set) the file leaves the old kustomization.yaml and
   * joins the target folder's, created when missing; otherwise every reference is rewritten to the
   * new place, so the same deployer still applies it.
   */
  relocate(from: string, to: string, options: { doc?: number; relist?: boolean } = {}): this {
    this.operations.push({ op: 'relocate', from, to, relist: options.relist ?? false, ...(options.doc !== undefined ? { doc: options.doc } : {}) });
    return this;
  }

  deleteDocument(target: DocTarget): this {
    this.operations.push({ op: 'delete-document', target });
    return this;
  }

  /** Replaces a whole file's content (the file must exist). */
  replaceFile(file: string, text: string): this {
    this.operations.push({ op: 'replace-file', file, text });
    return this;
  }

  deleteFile(file: string): this {
    this.operations.push({ op: 'delete-file', file });
    return this;
  }
}
