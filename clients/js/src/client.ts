import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { ParleyError } from './errors.js';
import { newClientMessageId, ParleyRest, type RestOptions } from './rest.js';
import { MemoryStorage, type ParleyStorage } from './storage.js';
import { claimsOf } from './tokens.js';
import type { Ack, ErrorBody, Id, Message, ReadReceipt, Reaction, SendInput, ServerEvents } from './types.js';

export interface ParleyClientOptions extends RestOptions {
  /** where the cursor and the outbox live (default: memory; in a browser `new WebStorage()` survives reloads) */
  storage?: ParleyStorage;
  /** how long to wait for an acknowledgement before sending again (same clientMessageId, so never twice) */
  ackTimeoutMs?: number;
  /** a typist who stops calling {@link ParleyClient.typing} for this long is announced as stopped */
  typingIdleMs?: number;
  /** mark every message that arrives from others as delivered (`mark_delivered`), default true */
  markDelivered?: boolean;
  /** passed on to `io()` (transports, reconnection delays…) */
  socket?: Partial<ManagerOptions & SocketOptions>;
}

/** A message waiting in the outbox for its acknowledgement. */
export interface Pending extends SendInput {
  clientMessageId: string;
  queuedAt: string;
}

/** What the client itself tells, besides the server's pushes. */
export interface LocalEvents {
  /** the socket is connected (catch-up follows, then `sync_complete`) */
  connected: void;
  /** the socket is gone; it reconnects by itself unless {@link ParleyClient.disconnect} was called */
  disconnected: { reason: string };
  /** the outbox changed: what still waits, oldest first */
  outbox: Pending[];
  /** a queued message was refused for good (not retried): it leaves the outbox */
  send_failed: { pending: Pending; error: ParleyError };
  /** the handshake was refused (bad token, server refusing), with the server's reason */
  connect_error: { message: string };
}

export type ClientEvents = ServerEvents & LocalEvents;
type Handler<E extends keyof ClientEvents> = (payload: ClientEvents[E]) => void;

const TYPING_REFRESH_MS = 3_000; // the server forgets a typist after 5 s without a refresh

/**
 * Parley over REST and Socket.IO: typed calls, typed events, a catch-up cursor kept in pluggable storage, an outbox
 * that sends in order and retries until acknowledged (a retry carries the same clientMessageId, so nothing is lost
 * or duplicated), throttled typing that stops by itself, delivery receipts, and token refresh.
 */
export class ParleyClient extends ParleyRest {
  readonly userId: string;
  private readonly storage: ParleyStorage;
  private readonly ackTimeoutMs: number;
  private readonly typingIdleMs: number;
  private readonly autoDelivered: boolean;
  private readonly socketOptions: Partial<ManagerOptions & SocketOptions>;
  private readonly handlers = new Map<string, Set<(payload: unknown) => void>>();
  private readonly waiting = new Map<string, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  private readonly typists = new Map<Id, { sentAt: number; stop: ReturnType<typeof setTimeout> }>();
  private readonly undelivered = new Map<Id, Id>();
  private deliveryFlush: ReturnType<typeof setTimeout> | null = null;
  private deliverySupported = true;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private socket: Socket | null = null;
  private closing = false;
  private pumping = false;
  private synced = false;

  constructor(options: ParleyClientOptions) {
    super(options);
    const first = typeof options.token === 'string' ? options.token : options.initialToken;
    this.userId = options.userId ?? (first ? claimsOf(first).sub : undefined) ?? '';
    if (!this.userId) {
      throw new Error('parley-client: no user id: pass a token, userId, or use ParleyClient.create');
    }
    this.storage = options.storage ?? new MemoryStorage();
    this.ackTimeoutMs = options.ackTimeoutMs ?? 8_000;
    this.typingIdleMs = options.typingIdleMs ?? 3_000;
    this.autoDelivered = options.markDelivered ?? true;
    this.socketOptions = options.socket ?? {};
  }

  /** A client whose first token (and so its user id) comes from the token callback. */
  static async create(options: ParleyClientOptions): Promise<ParleyClient> {
    if (typeof options.token === 'string') {
      return new ParleyClient(options);
    }
    return new ParleyClient({ ...options, initialToken: await options.token() });
  }

  // events

  on<E extends keyof ClientEvents>(event: E, handler: Handler<E>): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
    }
    set.add(handler as (payload: unknown) => void);
    return () => set!.delete(handler as (payload: unknown) => void);
  }

  private emitLocal<E extends keyof ClientEvents>(event: E, payload: ClientEvents[E]): void {
    for (const handler of this.handlers.get(event) ?? []) {
      try {
        handler(payload);
      } catch (failure) {
        console.error(`parley-client: a ${String(event)} handler failed`, failure);
      }
    }
  }

  // connection

  /** The last cursor seen (null before the first connection): where the next connection resumes. */
  get cursor(): string | null {
    return this.storage.get(this.key('cursor'));
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** True once the catch-up of the current connection is complete: what arrives now is live. */
  get caughtUp(): boolean {
    return this.connected && this.synced;
  }

  /** Opens the socket; it reconnects by itself, resuming from the stored cursor every time. */
  connect(): void {
    if (this.socket) {
      return;
    }
    this.closing = false;
    const socket = io(this.url || undefined as unknown as string, {
      reconnectionDelay: 300,
      reconnectionDelayMax: 3_000,
      ...this.socketOptions,
      auth: (cb) => {
        this.tokens.get().then(
          (token) => cb(this.cursor ? { token, since: this.cursor } : { token }),
          () => cb({ token: this.tokens.peek() ?? '' }));
      },
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.synced = false;
      this.emitLocal('connected', undefined);
      this.scheduleRefresh();
      void this.pump();
    });
    socket.on('disconnect', (reason) => {
      this.synced = false;
      this.emitLocal('disconnected', { reason });
      if (reason === 'io server disconnect' && !this.closing) {
        // the server ended it (an expired token): come back with a fresh one
        setTimeout(() => this.socket === socket && socket.connect(), 200);
      }
    });
    socket.on('connect_error', (error: Error) => {
      this.emitLocal('connect_error', { message: error.message });
      if (!socket.active && !this.closing) {
        // refused by the server, which socket.io-client does not retry: a fresh token, then again
        const retry = () => this.socket === socket && !this.closing && socket.connect();
        const aboutToken = /token|expired|unauthori[sz]ed|signature/i.test(error.message);
        if (aboutToken && this.tokens.refreshable) {
          this.tokens.refresh().then(retry, () => setTimeout(retry, 2_000));
        } else if (!aboutToken) {
          setTimeout(retry, 2_000);
        }
        // a fixed token the server refuses stays refused: nothing to retry with
      }
    });
    socket.onAny((event: string, payload: unknown) => this.receive(event, payload));
    this.watchNetwork(socket);
    this.emitLocal('outbox', this.outbox());
  }

  private unwatchNetwork: (() => void) | null = null;

  /** In a browser, a network that goes away closes the socket at once, and one that comes back reconnects it. */
  private watchNetwork(socket: Socket): void {
    const target = globalThis as unknown as {
      addEventListener?: (type: string, listener: () => void) => void;
      removeEventListener?: (type: string, listener: () => void) => void;
    };
    if (typeof target.addEventListener !== 'function' || typeof target.removeEventListener !== 'function') {
      return;
    }
    const offline = () => socket.io.engine?.close();
    const online = () => {
      if (!socket.connected && !this.closing) {
        socket.connect();
      }
    };
    target.addEventListener('offline', offline);
    target.addEventListener('online', online);
    this.unwatchNetwork = () => {
      target.removeEventListener!('offline', offline);
      target.removeEventListener!('online', online);
    };
  }

  /** Closes the socket for good (the outbox stays in storage for the next connect). */
  disconnect(): void {
    this.closing = true;
    for (const conversationId of [...this.typists.keys()]) {
      this.stopTyping(conversationId);
    }
    if (this.refreshTimer) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = null;
    }
    if (this.deliveryFlush) {
      clearTimeout(this.deliveryFlush);
      this.deliveryFlush = null;
    }
    this.unwatchNetwork?.();
    this.unwatchNetwork = null;
    this.socket?.disconnect();
    this.socket?.removeAllListeners();
    this.socket = null;
  }

  /** The underlying socket, for what this client does not cover. */
  get rawSocket(): Socket | null {
    return this.socket;
  }

  private receive(event: string, payload: unknown): void {
    const body = payload as Record<string, unknown> | undefined;
    if (body && typeof body.cursor === 'string') {
      this.storage.set(this.key('cursor'), body.cursor);
    }
    if (event === 'sync_complete') {
      this.synced = true;
    }
    if (event === 'error' && body) {
      if (body.event === 'mark_delivered') {
        return; // a server without delivery receipts: handled at its acknowledgement
      }
      if (body.code === 'token_expired' && this.tokens.refreshable) {
        void this.tokens.refresh();
      }
    }
    if (event === 'new_message' && body?.message) {
      this.noteArrival(body.message as Message);
    }
    this.emitLocal(event as keyof ClientEvents, payload as never);
  }

  private key(name: string): string {
    return `parley:${this.userId}:${name}`;
  }

  // token refresh on a live connection

  private scheduleRefresh(): void {
    if (!this.tokens.refreshable) {
      return;
    }
    if (this.refreshTimer) {
      clearTimeout(this.refreshTimer);
    }
    const remaining = this.tokens.remainingMs();
    if (!Number.isFinite(remaining)) {
      return;
    }
    // a minute before the end, or at 80% of a short token's life
    const wait = Math.max(0, remaining > 5 * 60_000 ? remaining - 60_000 : remaining * 0.8);
    this.refreshTimer = setTimeout(() => void this.refreshNow(), Math.min(wait, 2 ** 31 - 1));
  }

  /** Fetches a fresh token and hands it to the live connection (`refresh_token`). */
  async refreshNow(): Promise<void> {
    const token = await this.tokens.refresh();
    const socket = this.socket;
    if (socket?.connected) {
      try {
        await socket.timeout(this.ackTimeoutMs).emitWithAck('refresh_token', { token });
      } catch {
        // no answer: the next connect carries the new token anyway
      }
    }
    this.scheduleRefresh();
  }

  // sending: the outbox

  /** What still waits for an acknowledgement, oldest first. */
  outbox(): Pending[] {
    const stored = this.storage.get(this.key('outbox'));
    return stored ? (JSON.parse(stored) as Pending[]) : [];
  }

  private saveOutbox(items: Pending[]): void {
    this.storage.set(this.key('outbox'), JSON.stringify(items));
    this.emitLocal('outbox', items);
  }

  /**
   * Queues a message and resolves with it once the server acknowledged it (stored). Offline it waits; messages go
   * out one at a time in the order they were sent. Rejects only when the server refuses it for good.
   */
  send(input: SendInput): Promise<Message> {
    const pending: Pending = {
      ...input,
      clientMessageId: input.clientMessageId ?? newClientMessageId(),
      queuedAt: new Date().toISOString(),
    };
    this.stopTyping(input.conversationId);
    const done = new Promise<Message>((resolve, reject) => {
      this.waiting.set(pending.clientMessageId, { resolve, reject });
    });
    this.saveOutbox([...this.outbox(), pending]);
    void this.pump();
    return done;
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      return;
    }
    this.pumping = true;
    try {
      for (;;) {
        const socket = this.socket;
        const head = this.outbox()[0];
        if (!socket?.connected || !head) {
          return;
        }
        const { queuedAt: _queuedAt, ...payload } = head;
        let ack: Ack<{ message: Message }>;
        try {
          ack = await socket.timeout(this.ackTimeoutMs).emitWithAck('send_message', payload);
        } catch {
          continue; // no acknowledgement in time: the same clientMessageId again (or after the reconnect)
        }
        if (ack.ok) {
          this.settle(head, ack.message, null);
          continue;
        }
        if (ack.error.code === 'rate_limited' || ack.error.code === 'internal') {
          await sleep((ack.error.retryAfter ?? 1) * 1000);
          continue;
        }
        this.settle(head, null, new ParleyError(ack.error));
      }
    } finally {
      this.pumping = false;
    }
  }

  private settle(head: Pending, message: Message | null, error: ParleyError | null): void {
    this.saveOutbox(this.outbox().filter((item) => item.clientMessageId !== head.clientMessageId));
    const waiter = this.waiting.get(head.clientMessageId);
    this.waiting.delete(head.clientMessageId);
    if (message) {
      waiter?.resolve(message);
    } else if (error) {
      this.emitLocal('send_failed', { pending: head, error });
      waiter?.reject(error);
    }
  }

  // typing

  /**
   * Call on every keystroke: the others hear `isTyping: true` at most every 3 s, and `false` once no keystroke
   * came for `typingIdleMs`, or the message was sent.
   */
  typing(conversationId: Id): void {
    const now = Date.now();
    const typist = this.typists.get(conversationId);
    if (typist) {
      clearTimeout(typist.stop);
    }
    const sentAt = !typist || now - typist.sentAt >= TYPING_REFRESH_MS ? now : typist.sentAt;
    if (sentAt === now) {
      this.socket?.emit('typing', { conversationId, isTyping: true });
    }
    this.typists.set(conversationId, {
      sentAt,
      stop: setTimeout(() => this.stopTyping(conversationId), this.typingIdleMs),
    });
  }

  stopTyping(conversationId: Id): void {
    const typist = this.typists.get(conversationId);
    if (!typist) {
      return;
    }
    clearTimeout(typist.stop);
    this.typists.delete(conversationId);
    this.socket?.emit('typing', { conversationId, isTyping: false });
  }

  // receipts

  /** Marks the message and every earlier one of its conversation read (over the socket, or REST when offline). */
  async markRead(messageId: Id): Promise<ReadReceipt> {
    const socket = this.socket;
    if (socket?.connected) {
      try {
        const ack = await socket.timeout(this.ackTimeoutMs)
          .emitWithAck('mark_read', { messageId }) as Ack<Omit<ReadReceipt, 'readBy'>>;
        if (!ack.ok) {
          throw new ParleyError(ack.error);
        }
        return { messageId: ack.messageId, conversationId: ack.conversationId, readAt: ack.readAt, readBy: this.userId };
      } catch (failure) {
        if (failure instanceof ParleyError) {
          throw failure;
        }
      }
    }
    return this.markReadOverRest(messageId);
  }

  /**
   * Tells the senders that a message reached this device. Called by itself for each message that arrives (one call
   * per conversation for a burst: it covers every earlier one). False when the server has no delivery receipts yet.
   */
  async markDelivered(messageId: Id): Promise<boolean> {
    const socket = this.socket;
    if (!this.deliverySupported || !socket?.connected) {
      return false;
    }
    try {
      const ack = await socket.timeout(this.ackTimeoutMs).emitWithAck('mark_delivered', { messageId }) as Ack<object>;
      if (!ack.ok && /unknown event/i.test(ack.error.message)) {
        this.deliverySupported = false;
      }
      return ack.ok;
    } catch {
      return false;
    }
  }

  private noteArrival(message: Message): void {
    if (!this.autoDelivered || !this.deliverySupported || message.sender === this.userId || message.isDeleted) {
      return;
    }
    this.undelivered.set(message.conversation, message.id);
    this.deliveryFlush ??= setTimeout(() => {
      this.deliveryFlush = null;
      const latest = [...this.undelivered.values()];
      this.undelivered.clear();
      latest.forEach((id) => void this.markDelivered(id));
    }, 50);
  }

  // edits and reactions over the socket (REST calls of the same are inherited)

  async editOverSocket(messageId: Id, content: string): Promise<Message> {
    const ack = await this.ask<{ message: Message }>('edit_message', { messageId, content });
    return ack.message;
  }

  async react(messageId: Id, emoji: string, on = true): Promise<Reaction[]> {
    const ack = await this.ask<{ reactions: Reaction[] }>('react', { messageId, emoji, on });
    return ack.reactions;
  }

  /** Emits a client event and resolves with its successful acknowledgement (rejects with the refusal). */
  async ask<T>(event: string, payload: unknown): Promise<T> {
    const socket = this.socket;
    if (!socket?.connected) {
      throw new ParleyError({ code: 'offline', message: 'not connected' });
    }
    const ack = await socket.timeout(this.ackTimeoutMs).emitWithAck(event, payload) as Ack<T>;
    if (!ack.ok) {
      throw new ParleyError(ack.error as ErrorBody);
    }
    return ack;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
