/** The objects and payloads of Parley's API (docs/API.md), as they travel. Times are ISO-8601 UTC strings. */

export type Id = string;
export type UserId = string;
export type Instant = string;

export interface ReplyRef {
  id: Id;
  sender: UserId;
  /** the first 200 characters of the message replied to; empty once it is deleted */
  content: string;
  isDeleted: boolean;
}

export interface Reaction {
  emoji: string;
  count: number;
  users: UserId[];
}

export interface Message {
  _id: Id;
  id: Id;
  conversation: Id;
  sender: UserId;
  content: string;
  attachments: Id[];
  readBy: UserId[];
  seq: number;
  clientMessageId: string | null;
  isDeleted: boolean;
  deletedAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
  // second wave: present on servers that have edits, reactions, replies and delivery receipts
  isEdited?: boolean;
  editedAt?: Instant | null;
  reactions?: Reaction[];
  replyTo?: ReplyRef | null;
  deliveredTo?: UserId[];
}

export interface Conversation {
  _id: Id;
  id: Id;
  participants: UserId[];
  isGroup: boolean;
  groupName: string | null;
  createdBy: UserId;
  createdAt: Instant;
  updatedAt: Instant;
  lastMessage: Message | null;
  unreadCount: number;
  isDeleted: boolean;
  deletedAt: Instant | null;
}

/** The part of a conversation that travels with `new_message`. */
export interface ConversationSummary {
  _id: Id;
  id: Id;
  participants: UserId[];
  isGroup: boolean;
  groupName: string | null;
}

export interface Attachment {
  _id: Id;
  id: Id;
  name: string;
  contentType: string;
  size: number;
  uploadedBy: UserId;
  createdAt: Instant;
}

export interface ConversationPage {
  conversations: Conversation[];
  hasMore: boolean;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export interface ReadReceipt {
  messageId: Id;
  conversationId: Id;
  readBy: UserId;
  readAt: Instant;
}

export interface Deletion {
  id: Id;
  isDeleted: true;
  deletedAt: Instant;
}

export interface Edit {
  content: string;
  editedAt: Instant;
}

export interface Reactions {
  messageId: Id;
  conversationId: Id;
  reactions: Reaction[];
}

export interface Presence {
  userId: UserId;
  status: 'online' | 'offline';
  lastSeen: Instant | null;
}

/** The body of every REST error, and of a failed acknowledgement. */
export interface ErrorBody {
  code: string;
  message: string;
  /** seconds to wait, with `rate_limited` */
  retryAfter?: number;
}

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: ErrorBody };

export interface CreateConversationInput {
  participants: UserId[];
  isGroup?: boolean;
  groupName?: string;
}

export interface SendInput {
  conversationId: Id;
  content: string;
  attachments?: Id[];
  replyTo?: Id;
  clientMessageId?: string;
}

export interface HistoryQuery {
  limit?: number;
  skip?: number;
  /** exclusive seq cursor: older messages, newest first */
  before?: number;
  /** exclusive seq cursor: newer messages, oldest first (catch-up order) */
  after?: number;
}

/** Every stored-event push carries these two. */
export interface Stored {
  eventId: string;
  cursor: string;
}

/** What the server pushes, by event name. */
export interface ServerEvents {
  new_message: Stored & { message: Message; conversation: ConversationSummary };
  message_sent: Stored & { message: Message };
  message_read: Stored & { messageId: Id; readBy: UserId; conversationId: Id };
  message_deleted: Stored & { messageId: Id; conversationId: Id };
  message_edited: Stored & { message: Message };
  reaction_added: Stored & { messageId: Id; conversationId: Id; emoji: string; userId: UserId };
  reaction_removed: Stored & { messageId: Id; conversationId: Id; emoji: string; userId: UserId };
  message_delivered: Stored & { messageId: Id; conversationId: Id; deliveredTo: UserId };
  conversation_created: Stored & { conversation: Conversation };
  conversation_updated: Stored & { conversation: Conversation };
  conversation_deleted: Stored & { conversation: Conversation };
  typing_indicator: { conversationId: Id; userId: UserId; isTyping: boolean };
  presence: Presence;
  sync_complete: { cursor: string };
  error: { message: string; code: string; event: string | null; retryAfter?: number };
}

/** The names of the stored-event pushes, which catch-up replays. */
export const STORED_EVENTS = [
  'new_message', 'message_sent', 'message_read', 'message_deleted', 'message_edited', 'reaction_added',
  'reaction_removed', 'message_delivered', 'conversation_created', 'conversation_updated', 'conversation_deleted',
] as const;
