/** A token, or a callback that returns a fresh one (asked again when the current one is about to expire or refused). */
export type TokenSource = string | (() => string | Promise<string>);

interface Claims {
  sub?: string;
  exp?: number;
  name?: string;
}

/** The claims of a JWT, read without verifying: the server verifies, the client only needs `sub` and `exp`. */
export function claimsOf(token: string): Claims {
  const part = token.split('.')[1];
  if (!part) {
    return {};
  }
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
  } catch {
    return {};
  }
}

/** Holds the current token and asks the source for a new one when it is within `marginMs` of expiring. */
export class Tokens {
  private current: string | null;
  private pending: Promise<string> | null = null;

  constructor(private readonly source: TokenSource, private readonly marginMs = 30_000, initial?: string) {
    this.current = typeof source === 'string' ? source : initial ?? null;
  }

  get refreshable(): boolean {
    return typeof this.source === 'function';
  }

  /** The token as it is now (null before the first one was fetched). */
  peek(): string | null {
    return this.current;
  }

  /** Milliseconds until the current token expires (Infinity without `exp`). */
  remainingMs(): number {
    const exp = this.current ? claimsOf(this.current).exp : undefined;
    return exp === undefined ? Infinity : exp * 1000 - Date.now();
  }

  /** A token that is not about to expire (fetched when needed). */
  async get(): Promise<string> {
    if (this.current && (!this.refreshable || this.remainingMs() > this.marginMs)) {
      return this.current;
    }
    return this.refresh();
  }

  /** A new token from the source, whatever the current one (one call at a time). */
  async refresh(): Promise<string> {
    if (typeof this.source === 'string') {
      return this.source;
    }
    const source = this.source;
    this.pending ??= Promise.resolve().then(source).then((token) => {
      this.current = token;
      return token;
    }).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }
}
