// Parley's demo chat page: everything it does goes through parley-client.
import { ParleyClient, ParleyError, WebStorage, type Conversation, type Message, type Pending } from 'parley-client';

interface Session { token: string; userId: string; name: string; demo: boolean }

const SESSION_KEY = 'parley:session';
const PAGE = 30;
const storage = new WebStorage();
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let session: Session | null = null;
let client: ParleyClient | null = null;
const conversations = new Map<string, Conversation>();
const messages = new Map<string, Map<string, Message>>();
const older = new Map<string, boolean>();
const typists = new Map<string, Map<string, ReturnType<typeof setTimeout>>>();
const files = new Map<string, Promise<{ url: string; type: string }>>();
let openId: string | null = null;
let loadingOlder = false;
let chosenFiles: File[] = [];

// names and colours

function displayName(userId: string): string {
  if (session && userId === session.userId) {
    return session.name;
  }
  return userId.split(/[-._]/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ') || userId;
}

function colour(key: string): string {
  let hash = 0;
  for (const c of key) {
    hash = (hash * 31 + c.codePointAt(0)!) >>> 0;
  }
  return `hsl(${hash % 360} 55% 52%)`;
}

function avatar(node: HTMLElement, key: string, label: string): HTMLElement {
  node.textContent = [...label.trim()][0] ?? '?';
  node.style.background = colour(key);
  return node;
}

function others(conversation: Conversation): string[] {
  return conversation.participants.filter((p) => p !== session?.userId);
}

function title(conversation: Conversation): string {
  if (conversation.isGroup) {
    return conversation.groupName || others(conversation).map(displayName).join(', ') || 'Group';
  }
  return displayName(others(conversation)[0] ?? session!.userId);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function time(iso: string): string {
  const at = new Date(iso);
  const today = new Date().toDateString() === at.toDateString();
  return today ? at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : at.toLocaleDateString([], { month: 'short', day: 'numeric' });
}

// signing in

async function demoToken(name: string): Promise<{ token: string; userId: string; name: string }> {
  const response = await fetch('api/demo/token', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }),
  });
  const body = await response.json().catch(() => ({}));
  if (response.status === 404 || response.status === 401) {
    throw new Error('This Parley is not in demo mode, so it cannot sign you in by name. Start it with '
      + '"java -jar parley.jar --demo", or sign in with a token.');
  }
  if (!response.ok) {
    throw new Error(body?.error?.message ?? `sign-in failed (${response.status})`);
  }
  return body;
}

function showSignIn(message?: string): void {
  $('app').hidden = true;
  $('signin').hidden = false;
  const error = $('signin-error');
  error.hidden = !message;
  error.textContent = message ?? '';
  $<HTMLInputElement>('name').focus();
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $<HTMLInputElement>('name').value.trim();
  try {
    const answer = await demoToken(name);
    start({ token: answer.token, userId: answer.userId, name: answer.name, demo: true });
  } catch (failure) {
    showSignIn((failure as Error).message);
    ($('token-signin') as HTMLDetailsElement).open = true;
  }
});

$('token-button').addEventListener('click', () => {
  const token = $<HTMLTextAreaElement>('token').value.trim();
  try {
    const probe = new ParleyClient({ url: '', token });
    start({ token, userId: probe.userId, name: displayName(probe.userId), demo: false });
  } catch {
    showSignIn('That does not look like a token.');
  }
});

$('signout').addEventListener('click', () => {
  client?.disconnect();
  client = null;
  localStorage.removeItem(SESSION_KEY);
  conversations.clear();
  messages.clear();
  openId = null;
  showSignIn();
});

function start(next: Session): void {
  session = next;
  localStorage.setItem(SESSION_KEY, JSON.stringify(next));
  const name = next.name;
  client = new ParleyClient({
    url: '',
    userId: next.userId,
    initialToken: next.token,
    token: next.demo ? async () => {
      const fresh = (await demoToken(name)).token;
      session = { ...session!, token: fresh };
      localStorage.setItem(SESSION_KEY, JSON.stringify(session));
      return fresh;
    } : next.token,
    storage,
  });
  $('signin').hidden = true;
  $('app').hidden = false;
  $('me-name').textContent = next.name;
  avatar($('me-avatar'), next.userId, next.name);
  listen(client);
  client.connect();
  void loadConversations();
}

// keeping up with the server

function listen(c: ParleyClient): void {
  c.on('connected', () => setConnection(true));
  c.on('disconnected', () => setConnection(false));
  c.on('sync_complete', () => {
    void loadConversations();
    if (openId) void loadNewer(openId);
  });
  c.on('new_message', ({ message }) => arrived(message));
  c.on('message_sent', ({ message }) => arrived(message));
  c.on('message_edited', ({ message }) => { store(message); render(); });
  c.on('message_deleted', ({ messageId, conversationId }) => {
    const m = messages.get(conversationId)?.get(messageId);
    if (m) store({ ...m, isDeleted: true, content: '', attachments: [] });
    render();
  });
  c.on('message_read', ({ messageId, readBy, conversationId }) => {
    if (readBy === session!.userId) {
      const conversation = conversations.get(conversationId);
      if (conversation) void refreshConversation(conversationId);
      return;
    }
    upTo(conversationId, messageId, (m) => {
      if (!m.readBy.includes(readBy)) m.readBy = [...m.readBy, readBy];
    });
    render();
  });
  c.on('message_delivered', ({ messageId, conversationId, deliveredTo }) => {
    upTo(conversationId, messageId, (m) => {
      if (!(m.deliveredTo ?? []).includes(deliveredTo)) m.deliveredTo = [...(m.deliveredTo ?? []), deliveredTo];
    });
    render();
  });
  c.on('conversation_created', ({ conversation }) => { conversations.set(conversation.id, conversation); render(); });
  c.on('conversation_updated', ({ conversation }) => {
    if (!conversation.participants.includes(session!.userId)) {
      forget(conversation.id);
    } else {
      conversations.set(conversation.id, { ...conversations.get(conversation.id), ...conversation });
    }
    render();
  });
  c.on('conversation_deleted', ({ conversation }) => { forget(conversation.id); render(); });
  c.on('typing_indicator', ({ conversationId, userId, isTyping }) => typing(conversationId, userId, isTyping));
  c.on('outbox', () => render());
  c.on('connect_error', ({ message }) => {
    if (/expired|signature|unauthori/i.test(message) && !session?.demo) {
      showSignIn('Your token was refused: ' + message);
    }
  });
}

function setConnection(online: boolean): void {
  const dot = $('connection');
  dot.className = 'connection ' + (online ? 'online' : 'offline');
  dot.title = online ? 'connected' : 'offline: messages wait and go out when the connection is back';
  $('offline-banner').hidden = online;
}

function forget(id: string): void {
  conversations.delete(id);
  messages.delete(id);
  if (openId === id) {
    openId = null;
  }
}

function store(message: Message): void {
  let byId = messages.get(message.conversation);
  if (!byId) {
    byId = new Map();
    messages.set(message.conversation, byId);
  }
  byId.set(message.id, message);
}

function upTo(conversationId: string, messageId: string, change: (m: Message) => void): void {
  const byId = messages.get(conversationId);
  const marked = byId?.get(messageId);
  if (!byId || !marked) return;
  for (const m of byId.values()) {
    if (m.seq <= marked.seq && m.sender === session!.userId) change(m);
  }
}

function visible(conversationId: string): boolean {
  return openId === conversationId && document.visibilityState === 'visible';
}

function arrived(message: Message): void {
  const known = messages.get(message.conversation)?.has(message.id);
  store(message);
  const conversation = conversations.get(message.conversation);
  if (!conversation) {
    void refreshConversation(message.conversation);
    return;
  }
  if (!conversation.lastMessage || conversation.lastMessage.seq <= message.seq) {
    conversation.lastMessage = message;
    conversation.updatedAt = message.createdAt;
  }
  if (!known && message.sender !== session!.userId) {
    typing(message.conversation, message.sender, false);
    if (visible(message.conversation)) {
      void client!.markRead(message.id).catch(() => {});
    } else {
      conversation.unreadCount += 1;
    }
  }
  render();
}

async function refreshConversation(id: string): Promise<void> {
  try {
    conversations.set(id, await client!.getConversation(id));
  } catch (failure) {
    if (failure instanceof ParleyError && failure.status === 404) forget(id);
  }
  render();
}

async function loadConversations(): Promise<void> {
  if (!client) return;
  try {
    const fresh = new Map<string, Conversation>();
    let before: string | undefined;
    for (let page = 0; page < 10; page++) {
      const answer = await client.listConversations({ limit: 100, before });
      answer.conversations.forEach((c) => fresh.set(c.id, c));
      if (!answer.hasMore || answer.conversations.length === 0) break;
      const last = answer.conversations[answer.conversations.length - 1];
      before = `${last.updatedAt}_${last.id}`;
    }
    conversations.clear();
    fresh.forEach((c, id) => conversations.set(id, c));
    if (openId && visible(openId) && (conversations.get(openId)?.unreadCount ?? 0) > 0) {
      markOpenRead();
    }
  } catch (failure) {
    if (failure instanceof ParleyError && failure.status === 401 && !session?.demo) {
      showSignIn('Your token was refused. Sign in again.');
      return;
    }
  }
  render();
}

async function loadNewer(id: string): Promise<void> {
  const known = [...(messages.get(id)?.values() ?? [])];
  const last = known.reduce((max, m) => Math.max(max, m.seq), 0);
  try {
    const answer = await client!.listMessages(id, { after: last, limit: 100 });
    answer.messages.forEach(store);
  } catch { /* the next sync tries again */ }
  render();
}

async function loadOlder(id: string): Promise<void> {
  if (loadingOlder || older.get(id) === false) return;
  loadingOlder = true;
  $('history-status').textContent = 'Loading earlier messages…';
  const box = $('messages');
  const heightBefore = box.scrollHeight;
  try {
    const known = [...(messages.get(id)?.values() ?? [])];
    const first = known.reduce((min, m) => Math.min(min, m.seq), Infinity);
    const answer = await client!.listMessages(id, Number.isFinite(first) ? { before: first, limit: PAGE } : { limit: PAGE });
    answer.messages.forEach(store);
    older.set(id, answer.hasMore);
  } finally {
    loadingOlder = false;
  }
  render();
  box.scrollTop += box.scrollHeight - heightBefore;
}

function markOpenRead(): void {
  const conversation = openId ? conversations.get(openId) : undefined;
  if (!conversation) return;
  const fromOthers = [...(messages.get(conversation.id)?.values() ?? [])]
    .filter((m) => m.sender !== session!.userId).sort((a, b) => b.seq - a.seq)[0]
    ?? (conversation.lastMessage && conversation.lastMessage.sender !== session!.userId ? conversation.lastMessage : null);
  if (fromOthers) {
    void client!.markRead(fromOthers.id).catch(() => {});
  }
  conversation.unreadCount = 0;
}

async function open(id: string): Promise<void> {
  openId = id;
  $('app').classList.add('open');
  $<HTMLTextAreaElement>('text').value = '';
  if (!messages.has(id)) {
    messages.set(id, new Map());
    older.delete(id);
    render();
    await loadOlder(id);
  }
  markOpenRead();
  render();
  scrollToEnd();
  $<HTMLTextAreaElement>('text').focus();
}

function typing(conversationId: string, userId: string, isTyping: boolean): void {
  let byUser = typists.get(conversationId);
  if (!byUser) {
    byUser = new Map();
    typists.set(conversationId, byUser);
  }
  clearTimeout(byUser.get(userId));
  byUser.delete(userId);
  if (isTyping) {
    byUser.set(userId, setTimeout(() => typing(conversationId, userId, false), 6_000));
  }
  renderTyping();
}

// drawing

function render(): void {
  renderList();
  renderConversation();
}

function activity(c: Conversation): string {
  return c.lastMessage?.createdAt ?? c.updatedAt ?? c.createdAt;
}

function renderList(): void {
  const list = $('conversations');
  const sorted = [...conversations.values()].sort((a, b) => activity(b).localeCompare(activity(a)));
  $('no-conversations').hidden = sorted.length > 0;
  list.replaceChildren(...sorted.map((c) => {
    const item = el('li', 'conversation-item' + (c.id === openId ? ' active' : '') + (c.unreadCount ? ' unread' : ''));
    item.dataset.id = c.id;
    item.append(avatar(el('span', 'avatar'), c.isGroup ? c.id : others(c)[0] ?? c.id, title(c)));
    const body = el('div', 'body');
    const top = el('div', 'top');
    top.append(el('span', 'title', title(c)), el('span', 'time', time(activity(c))));
    const bottom = el('div', 'bottom');
    const last = c.lastMessage;
    const preview = !last ? (c.isGroup ? `${c.participants.length} members` : 'No messages yet')
      : last.isDeleted ? 'Message deleted'
        : `${last.sender === session!.userId ? 'You: ' : c.isGroup ? displayName(last.sender) + ': ' : ''}${last.content || 'Attachment'}`;
    bottom.append(el('span', 'preview', preview));
    if (c.unreadCount > 0 && c.id !== openId) {
      bottom.append(el('span', 'badge', String(c.unreadCount)));
    }
    body.append(top, bottom);
    item.append(body);
    item.addEventListener('click', () => void open(c.id));
    return item;
  }));
}

function status(m: Message, c: Conversation): { text: string; read: boolean } {
  const count = others(c).length;
  if (m.readBy.length > 0) {
    return { text: c.isGroup ? (m.readBy.length >= count ? 'Read by all' : `Read by ${m.readBy.length}`) : 'Read', read: true };
  }
  if ((m.deliveredTo ?? []).length > 0) return { text: 'Delivered', read: false };
  return { text: 'Sent', read: false };
}

function attachmentNodes(ids: string[]): HTMLElement | null {
  if (ids.length === 0) return null;
  const box = el('div', 'files');
  for (const id of ids) {
    const slot = el('div');
    box.append(slot);
    let file = files.get(id);
    if (!file) {
      file = client!.downloadAttachment(id).then((blob) => ({ url: URL.createObjectURL(blob), type: blob.type }));
      files.set(id, file);
    }
    file.then(({ url, type }) => {
      if (type.startsWith('image/')) {
        const img = el('img');
        img.src = url;
        img.alt = 'image';
        slot.replaceChildren(img);
      } else {
        const link = el('a', undefined, 'Download attachment');
        link.href = url;
        link.download = 'attachment';
        slot.replaceChildren(link);
      }
    }, () => slot.replaceChildren(el('span', 'muted small', 'attachment unavailable')));
  }
  return box;
}

function renderConversation(): void {
  const c = openId ? conversations.get(openId) : undefined;
  $('placeholder').hidden = !!c;
  $('conversation').hidden = !c;
  if (!c) {
    $('app').classList.remove('open');
    return;
  }
  $('chat-title').textContent = title(c);
  $('chat-subtitle').textContent = c.isGroup
    ? [session!.name, ...others(c).map(displayName)].join(', ')
    : `@${others(c)[0] ?? session!.userId}`;
  avatar($('chat-avatar'), c.isGroup ? c.id : others(c)[0] ?? c.id, title(c));

  const box = $('messages');
  const atEnd = box.scrollHeight - box.scrollTop - box.clientHeight < 60;
  const sorted = [...(messages.get(c.id)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
  const nodes: HTMLElement[] = [];
  let day = '';
  const lastMine = [...sorted].reverse().find((m) => m.sender === session!.userId);
  sorted.forEach((m, i) => {
    const thisDay = new Date(m.createdAt).toDateString();
    if (thisDay !== day) {
      day = thisDay;
      nodes.push(el('li', 'day', new Date(m.createdAt).toLocaleDateString([], { weekday: 'long', month: 'long', day: 'numeric' })));
    }
    const mine = m.sender === session!.userId;
    const item = el('li', 'message' + (mine ? ' mine' : '') + (m.isDeleted ? ' deleted' : ''));
    item.dataset.seq = String(m.seq);
    if (c.isGroup && !mine && sorted[i - 1]?.sender !== m.sender) {
      item.append(el('span', 'sender', displayName(m.sender)));
    }
    const bubble = el('div', 'bubble', m.isDeleted ? 'This message was deleted' : m.content);
    const attached = m.isDeleted ? null : attachmentNodes(m.attachments);
    if (attached) bubble.append(attached);
    item.append(bubble);
    const meta = el('div', 'meta');
    meta.append(el('span', undefined, time(m.createdAt) + (m.isEdited ? ' · edited' : '')));
    if (mine && m === lastMine) {
      const s = status(m, c);
      meta.append(el('span', 'status' + (s.read ? ' read' : ''), s.text));
    }
    item.append(meta);
    nodes.push(item);
  });
  const waiting: Pending[] = client!.outbox().filter((p) => p.conversationId === c.id);
  for (const p of waiting) {
    const item = el('li', 'message mine pending');
    item.append(el('div', 'bubble', p.content));
    const meta = el('div', 'meta');
    meta.append(el('span', 'status', client!.connected ? 'Sending…' : 'Waiting for connection…'));
    item.append(meta);
    nodes.push(item);
  }
  $('message-list').replaceChildren(...nodes);
  $('history-status').textContent = older.get(c.id) === false
    ? (sorted.length ? 'Beginning of the conversation' : 'No messages yet. Say hello!') : '';
  if (atEnd) scrollToEnd();
  renderTyping();
}

function renderTyping(): void {
  const who = openId ? [...(typists.get(openId)?.keys() ?? [])] : [];
  $('typing').textContent = who.length === 0 ? ''
    : who.length === 1 ? `${displayName(who[0])} is typing…` : `${who.map(displayName).join(', ')} are typing…`;
}

function scrollToEnd(): void {
  const box = $('messages');
  box.scrollTop = box.scrollHeight;
}

// composing

const text = $<HTMLTextAreaElement>('text');
text.addEventListener('input', () => {
  text.style.height = 'auto';
  text.style.height = `${Math.min(text.scrollHeight, 140)}px`;
  if (openId && text.value.trim()) client?.typing(openId);
  else if (openId) client?.stopTyping(openId);
});
text.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    $<HTMLFormElement>('composer').requestSubmit();
  }
});
$<HTMLInputElement>('file').addEventListener('change', (event) => {
  chosenFiles = [...((event.target as HTMLInputElement).files ?? [])];
  $('pending-files').replaceChildren(...chosenFiles.map((f) => el('span', undefined, f.name)));
});

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!openId || !client) return;
  const content = text.value.trim();
  const upload = chosenFiles;
  if (!content && upload.length === 0) return;
  const conversationId = openId;
  text.value = '';
  text.style.height = 'auto';
  chosenFiles = [];
  $('pending-files').replaceChildren();
  $<HTMLInputElement>('file').value = '';
  try {
    const attachments = await Promise.all(upload.map((f) => client!.uploadAttachment(f, f.name)));
    const message = await client.send({
      conversationId, content: content || (upload.length === 1 ? upload[0].name : `${upload.length} files`), attachments: attachments.map((a) => a.id) });
    arrived(message);
    scrollToEnd();
  } catch (failure) {
    alert((failure as Error).message);
  }
});

// new chats

const dialog = $<HTMLDialogElement>('new-chat-dialog');
$('new-chat').addEventListener('click', () => {
  $<HTMLInputElement>('participants').value = '';
  $<HTMLInputElement>('group-name').value = '';
  $('new-chat-error').hidden = true;
  dialog.showModal();
});
$('create-chat').addEventListener('click', async (event) => {
  event.preventDefault();
  const ids = $<HTMLInputElement>('participants').value.split(',')
    .map((s) => s.trim().toLowerCase().replace(/[^a-z0-9._@-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((s) => s && s !== session!.userId);
  const groupName = $<HTMLInputElement>('group-name').value.trim();
  if (ids.length === 0) {
    $('new-chat-error').textContent = 'Name at least one other person.';
    $('new-chat-error').hidden = false;
    return;
  }
  try {
    const isGroup = ids.length > 1 || groupName.length > 0;
    const conversation = await client!.createConversation({
      participants: ids, isGroup, ...(groupName ? { groupName } : {}) });
    conversations.set(conversation.id, conversation);
    dialog.close();
    await open(conversation.id);
  } catch (failure) {
    $('new-chat-error').textContent = (failure as Error).message;
    $('new-chat-error').hidden = false;
  }
});

$('messages').addEventListener('scroll', () => {
  if (openId && $('messages').scrollTop < 80) void loadOlder(openId);
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && openId) {
    markOpenRead();
    render();
  }
});

// a reload picks the session up where it was: the cursor and the outbox are in localStorage
const saved = localStorage.getItem(SESSION_KEY);
if (saved) {
  start(JSON.parse(saved) as Session);
} else {
  showSignIn();
}
