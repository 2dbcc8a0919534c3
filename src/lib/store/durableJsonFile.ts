import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isErrno } from './dataDir.ts';
import { CachedJson } from './cachedJson.ts';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * A lowdb adapter for a JSON file that survives crashes and power cuts.
 *
 * Each write goes to `${file}.tmp`, is fsynced, renamed over the file, and the
 * directory is fsynced, so a reader sees the old file or the new one, never a
 * part. Writes that arrive while one is in flight are grouped into a single
 * next write of the latest data; every caller's promise settles when a write
 * that includes its data is on disk (or has failed). Unchanged records keep their JSON between
 * writes (cachedJson.ts), so a write costs the disk, not serialising every record again.
 */
export class DurableJsonFile<T> {
  readonly #file: string;
  readonly #tmp: string;
  #next: { data: T; waiters: Waiter[] } | null = null;
  #flushing: Promise<void> | null = null;
  #writes = 0;
  readonly #json = new CachedJson();

  constructor(file: string) {
    this.#file = file;
    this.#tmp = `${file}.tmp`;
  }

  /** How many times the file has actually been written (writes are grouped). */
  get writes(): number {
    return this.#writes;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new Error(
        `${this.#file} is not valid JSON (${(error as Error).message}). ` +
          'Refusing to start so the data in it is not overwritten: restore it from a backup or move it aside.',
      );
    }
  }

  write(data: T): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#next) this.#next.data = data;
      else this.#next = { data, waiters: [] };
      this.#next.waiters.push({ resolve, reject });
      this.#flushing ??= this.#drain();
    });
  }

  /** Resolves once no write is pending or in flight. */
  async flush(): Promise<void> {
    await this.#flushing;
  }

  async #drain(): Promise<void> {
    while (this.#next) {
      const batch = this.#next;
      this.#next = null;
      try {
        await this.#writeNow(batch.data);
        for (const waiter of batch.waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of batch.waiters) waiter.reject(error);
      }
    }
    this.#flushing = null;
  }

  async #writeNow(data: T): Promise<void> {
    // Serialise before the first await: the batch must hold the data as it is now.
    const chunks = this.#json.serialise(data);
    const size = chunks.reduce((n, chunk) => n + chunk.length, 0);
    const handle = await open(this.#tmp, 'w', 0o600);
    try {
      const { bytesWritten } = await handle.writev(chunks);
      if (bytesWritten !== size) throw new Error(`Short write to ${this.#tmp}: ${bytesWritten} of ${size} bytes`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(this.#tmp, this.#file);
    const dir = await open(dirname(this.#file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    this.#writes++;
  }
}
