// A TokenStore in a file, for programs on Node, Deno and Bun: what a page keeps in localStorage, a
// process keeps here, so the next run (or another process) reattaches to the session without the
// password and without the application passing tokens around. The file is one JSON object, key →
// value, readable by its owner only (0600); each change is written to a temporary file beside it and
// renamed over it, so a reader never sees half a file and a crash never leaves one.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pid } from 'node:process';
import { InvalidArgumentError } from '../errors.js';
import type { TokenStore } from './token-store.js';

type Entries = Record<string, string>;

class FileTokenStore implements TokenStore {
  readonly #path: string;
  /** This process's changes, one after the other: each reads the file its predecessor wrote. */
  #queue: Promise<unknown> = Promise.resolve();
  #temps = 0;

  constructor(path: string) {
    this.#path = path;
  }

  async get(key: string): Promise<string | null> {
    await this.#queue.catch(() => undefined);
    const value = (await this.#read())[key];
    return typeof value === 'string' ? value : null;
  }

  set(key: string, value: string): Promise<void> {
    return this.#change((entries) => {
      if (entries[key] === value) return false;
      entries[key] = value;
      return true;
    });
  }

  remove(key: string): Promise<void> {
    return this.#change((entries) => {
      if (!(key in entries)) return false;
      delete entries[key];
      return true;
    });
  }

  /** Read, change, write back atomically; `edit` returns false when nothing changed. */
  #change(edit: (entries: Entries) => boolean): Promise<void> {
    const done = this.#queue
      .catch(() => undefined)
      .then(async () => {
        const entries = await this.#read();
        if (edit(entries)) await this.#write(entries);
      });
    this.#queue = done;
    return done;
  }

  /** The file's entries; none when it does not exist yet or is not a store's JSON (it is then rewritten on the next change). */
  async #read(): Promise<Entries> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return {};
      throw error;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Entries;
    } catch {
      /* not JSON: treated as empty */
    }
    return {};
  }

  async #write(entries: Entries): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true, mode: 0o700 });
    const temp = `${this.#path}.${pid}.${++this.#temps}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(entries)}\n`, { mode: 0o600, flag: 'wx' });
      await rename(temp, this.#path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  }
}

/**
 * A token store in the file at `path` (created with mode 0600, its folder with 0700, when the first
 * session is stored). Give it as `tokenStore` to every process that should share the sessions: a
 * process that finds a session there reattaches to it on its first call, as a reloaded page does.
 */
export function fileTokenStore(path: string): TokenStore {
  if (typeof path !== 'string' || path === '')
    throw new InvalidArgumentError('fileTokenStore(path): path must be a file path');
  return new FileTokenStore(path);
}
