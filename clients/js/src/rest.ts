import { ParleyError } from './errors.js';
import { Tokens, type TokenSource } from './tokens.js';
import type {
  Attachment, Conversation, ConversationPage, CreateConversationInput, Deletion, Edit, HistoryQuery, Id, Message,
  MessagePage, Presence, ReadReceipt, Reactions, SendInput, UserId,
} from './types.js';

export interface RestOptions {
  /** Parley's base URL, e.g. `http://localhost:8080` (empty: the page's own origin) */
  url: string;
  /** a token, or a callback that returns a fresh one (asked again on expiry and on a 401) */
  token: TokenSource;
  /** a `fetch` of your own (defaults to the global one) */
  fetch?: typeof fetch;
  /** the first token, when `token` is a callback (so it is not asked twice at the start) */
  initialToken?: string;
  /** the caller's user id (default: the token's `sub`) */
  userId?: string;
}

/** A fresh `clientMessageId`: unique per send, the same on every retry of that send. */
export function newClientMessageId(): string {
  const crypto = globalThis.crypto;
  if (crypto?.randomUUID) {
    return crypto.randomUUID();
  }
  return `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Every REST route of docs/API.md as a typed call. A refusal rejects with a {@link ParleyError}. */
export class ParleyRest {
  protected readonly url: string;
  protected readonly tokens: Tokens;
  private readonly fetchImpl: typeof fetch;

  constructor(options: RestOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.tokens = new Tokens(options.token, 30_000, options.initialToken);
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Sends one request with the bearer token; on a 401 with a token callback, once more with a fresh token. */
  async request(method: string, route: string, body?: unknown): Promise<Response> {
    const send = async (token: string) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      let payload: BodyInit | undefined;
      if (body instanceof FormData) {
        payload = body;
      } else if (body !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      }
      return this.fetchImpl(this.url + route, { method, headers, body: payload });
    };
    let response = await send(await this.tokens.get());
    if (response.status === 401 && this.tokens.refreshable) {
      response = await send(await this.tokens.refresh());
    }
    if (!response.ok) {
      throw await errorOf(response);
    }
    return response;
  }

  protected async json<T>(method: string, route: string, body?: unknown): Promise<T> {
    return (await this.request(method, route, body)).json() as Promise<T>;
  }

  // conversations

  createConversation(input: CreateConversationInput): Promise<Conversation> {
    return this.json('POST', '/api/conversation', { isGroup: false, ...input });
  }

  /** Newest activity first; the next page is `before: \`${last.updatedAt}_${last.id}\`` of this page's last one. */
  listConversations(page: { limit?: number; before?: string } = {}): Promise<ConversationPage> {
    return this.json('GET', `/api/conversation${query(page)}`);
  }

  getConversation(id: Id): Promise<Conversation> {
    return this.json('GET', `/api/conversation/${encodeURIComponent(id)}`);
  }

  addParticipant(conversationId: Id, userId: UserId): Promise<Conversation> {
    return this.json('POST', '/api/conversation/participant/add', { conversationId, userId });
  }

  removeParticipant(conversationId: Id, userId: UserId): Promise<Conversation> {
    return this.json('POST', '/api/conversation/participant/remove', { conversationId, userId });
  }

  deleteConversation(id: Id): Promise<Deletion> {
    return this.json('DELETE', `/api/conversation/${encodeURIComponent(id)}`);
  }

  // messages

  /**
   * Sends over REST. The `clientMessageId` (made here when not given) makes retries safe: a network failure is
   * retried up to `attempts` times with the same id, and the server answers a repeat with the first message.
   */
  async sendMessage(input: SendInput, attempts = 3): Promise<Message> {
    const body = { ...input, clientMessageId: input.clientMessageId ?? newClientMessageId() };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.json<Message>('POST', '/api/message', body);
      } catch (failure) {
        const retryable = !(failure instanceof ParleyError) || failure.code === 'rate_limited';
        if (!retryable || attempt >= attempts) {
          throw failure;
        }
        const wait = failure instanceof ParleyError && failure.retryAfter ? failure.retryAfter * 1000 : 250 * attempt;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  listMessages(conversationId: Id, page: HistoryQuery = {}): Promise<MessagePage> {
    return this.json('GET', `/api/message/${encodeURIComponent(conversationId)}${query({ ...page })}`);
  }

  markReadOverRest(messageId: Id): Promise<ReadReceipt> {
    return this.json('PUT', `/api/message/read/${encodeURIComponent(messageId)}`);
  }

  deleteMessage(messageId: Id): Promise<Deletion> {
    return this.json('DELETE', `/api/message/${encodeURIComponent(messageId)}`);
  }

  editMessage(messageId: Id, content: string): Promise<Message> {
    return this.json('PATCH', `/api/message/${encodeURIComponent(messageId)}`, { content });
  }

  async messageEdits(messageId: Id): Promise<Edit[]> {
    return (await this.json<{ edits: Edit[] }>('GET', `/api/message/${encodeURIComponent(messageId)}/edits`)).edits;
  }

  addReaction(messageId: Id, emoji: string): Promise<Reactions> {
    return this.json('PUT', `/api/message/${encodeURIComponent(messageId)}/reactions/${encodeURIComponent(emoji)}`);
  }

  removeReaction(messageId: Id, emoji: string): Promise<Reactions> {
    return this.json('DELETE', `/api/message/${encodeURIComponent(messageId)}/reactions/${encodeURIComponent(emoji)}`);
  }

  // attachments

  uploadAttachment(file: Blob, name = file instanceof File ? file.name : 'file'): Promise<Attachment> {
    const form = new FormData();
    form.append('file', file, name);
    return this.json('POST', '/api/attachment', form);
  }

  async downloadAttachment(id: Id): Promise<Blob> {
    return (await this.request('GET', `/api/attachment/${encodeURIComponent(id)}`)).blob();
  }

  // presence

  async presence(users: UserId[]): Promise<Presence[]> {
    if (users.length === 0) {
      return [];
    }
    const route = `/api/presence${query({ users: users.join(',') })}`;
    return (await this.json<{ presence: Presence[] }>('GET', route)).presence;
  }

  // operators (admin role)

  /** The stored events as parsed NDJSON lines; `from`/`to` and the filters as docs/API.md says. */
  async adminEvents(filter: { from?: string; to?: string; conversationId?: Id; type?: string } = {}): Promise<unknown[]> {
    const text = await (await this.request('GET', `/api/admin/events${query(filter)}`)).text();
    return text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));
  }

  adminTopics(): Promise<unknown> {
    return this.json('GET', '/api/admin/topics');
  }

  adminConsistency(): Promise<unknown> {
    return this.json('GET', '/api/admin/consistency');
  }

  adminProjections(): Promise<unknown> {
    return this.json('GET', '/api/admin/projections');
  }

  adminProjection(name: string): Promise<unknown> {
    return this.json('GET', `/api/admin/projections/${encodeURIComponent(name)}`);
  }

  replayProjection(name: string): Promise<unknown> {
    return this.json('POST', `/api/admin/projections/${encodeURIComponent(name)}/replay`);
  }

  conversationAt(id: Id, at: string): Promise<ConversationState> {
    return this.json('GET', `/api/admin/conversations/${encodeURIComponent(id)}/state${query({ at })}`);
  }

  messagesAt(id: Id, at: string, page: { limit?: number; before?: number } = {}): Promise<MessagePage> {
    return this.json('GET', `/api/admin/conversations/${encodeURIComponent(id)}/messages${query({ at, ...page })}`);
  }
}

/** A conversation as it was at a moment (history at a moment, admin role). */
export interface ConversationState {
  participants: UserId[];
  groupName: string | null;
  isDeleted: boolean;
  lastSeq: number;
  eventSequence: number;
}

async function errorOf(response: Response): Promise<ParleyError> {
  try {
    const body = (await response.json()) as { error?: { code: string; message: string; retryAfter?: number } };
    if (body?.error?.code) {
      return new ParleyError(body.error, response.status);
    }
  } catch {
    // not the contract's shape: say what happened
  }
  return new ParleyError({ code: 'http_' + response.status, message: `HTTP ${response.status}` }, response.status);
}
