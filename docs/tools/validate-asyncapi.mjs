// Validates docs/asyncapi.yaml as AsyncAPI 3 and checks it lists every socket event and Kafka topic of the
// tables in docs/API.md (and no event or topic they do not name). Exits non-zero on any error.
import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = readFileSync(path.join(docs, 'asyncapi.yaml'), 'utf8');
const { document, diagnostics } = await new Parser().parse(source);
const errors = diagnostics.filter((d) => d.severity === 0);
for (const d of diagnostics.filter((x) => x.severity <= 1)) {
  console.log(`${d.severity === 0 ? 'error' : 'warning'}: ${d.message} at ${d.path.join('.')}`);
}
if (!document || errors.length) {
  console.error(`docs/asyncapi.yaml is not valid AsyncAPI: ${errors.length} errors`);
  process.exit(1);
}

/** The first cells (backticked names) of the table under the heading that starts with `heading`. */
function tableNames(markdown, heading) {
  const start = markdown.indexOf(`\n${heading}`);
  if (start < 0) throw new Error(`docs/API.md has no heading "${heading}"`);
  const rest = markdown.slice(start + heading.length + 1);
  const end = rest.search(/\n#{1,3} /);
  return [...(end < 0 ? rest : rest.slice(0, end)).matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
}

const api = readFileSync(path.join(docs, 'API.md'), 'utf8');
const events = tableNames(api, '### Socket events');
const topics = tableNames(api, '### Kafka topics');
const socket = document.channels().get('socket');
const named = new Set(socket.messages().all().map((m) => m.name()).filter(Boolean));
const acks = new Set(socket.messages().all().filter((m) => m.title() === 'acknowledgement').map((m) => m.name()));
const channels = new Set(document.channels().all().map((c) => c.address()));
const problems = [
  ...events.filter((e) => !named.has(e)).map((e) => `socket event ${e} of docs/API.md is not in asyncapi.yaml`),
  ...[...named].filter((e) => !acks.has(e) && !events.includes(e)).map((e) => `socket event ${e} is not in docs/API.md`),
  ...topics.filter((t) => !channels.has(t)).map((t) => `Kafka topic ${t} of docs/API.md is not in asyncapi.yaml`),
  ...[...channels].filter((c) => c !== '/socket.io/' && !topics.includes(c)).map((c) => `topic ${c} is not in docs/API.md`),
];
if (events.length === 0 || topics.length === 0) problems.push('docs/API.md lists no socket events or no topics');
problems.forEach((p) => console.error(p));
if (problems.length) process.exit(1);
console.log(`docs/asyncapi.yaml: valid AsyncAPI ${document.version()}, ${events.length} socket events and `
  + `${topics.length} Kafka topics, the same as docs/API.md`);
