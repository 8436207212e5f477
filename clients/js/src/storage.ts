/**
 * Where the client keeps what must outlive a connection (and, with `localStorage`, a page reload): the catch-up
 * cursor and the outbox of messages not yet acknowledged. Synchronous, string values, like Web Storage.
 */
export interface ParleyStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** Lives as long as the process or page: enough for reconnects, not for a reload. */
export class MemoryStorage implements ParleyStorage {
  private readonly values = new Map<string, string>();

  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  set(key: string, value: string): void {
    this.values.set(key, value);
  }

  remove(key: string): void {
    this.values.delete(key);
  }
}

/** The browser's `localStorage` (or any Web Storage): the cursor and the outbox survive a reload. */
export class WebStorage implements ParleyStorage {
  constructor(private readonly store: Storage = globalThis.localStorage) {
    if (!store) {
      throw new Error('no Web Storage here: pass one, or use MemoryStorage');
    }
  }

  get(key: string): string | null {
    return this.store.getItem(key);
  }

  set(key: string, value: string): void {
    this.store.setItem(key, value);
  }

  remove(key: string): void {
    this.store.removeItem(key);
  }
}
