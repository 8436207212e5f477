// After a crash under load (deploy/run-services.sh): reads the report crash-load.mjs wrote (REPORT, a file), pages
// CONVERSATION's history through PARLEY_URL as the user of TOKEN, and checks that every acknowledged message is there
// once with the id and seq it was acknowledged with, that seqs have no gap, and that the consistency audit (OPS, an
// operator's token) comes to report nothing. Prints each check; exits 1 at the first that fails.
import { readFileSync } from "node:fs";

const url = process.env.PARLEY_URL;
const lines = readFileSync(process.env.REPORT, "utf8").trim().split("\n");
const report = JSON.parse(lines[lines.length - 1]);

function check(name, ok, detail) {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? ` (${detail})` : ""}`);
  if (!ok) process.exit(1);
}

async function get(path, token) {
  const res = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
  return res.json();
}

check("every send acknowledged", report.done === true, report.failed);
const history = [];
for (let after = 0; ;) {
  const page = await get(`/api/message/${process.env.CONVERSATION}?limit=100&after=${after}`, process.env.TOKEN);
  history.push(...page.messages);
  if (!page.hasMore) break;
  after = history[history.length - 1].seq;
}
check("seqs 1..n without a gap", history.every((message, i) => message.seq === i + 1), `${history.length} messages`);
const byClientMessageId = new Map(history.map((message) => [message.clientMessageId, message]));
check("each message once", byClientMessageId.size === history.length);
const wrong = report.acks.filter((ack) => {
  const stored = byClientMessageId.get(ack.clientMessageId);
  return !stored || stored.id !== ack.id || stored.seq !== ack.seq;
});
check("every acknowledgement in history with its id and seq", wrong.length === 0,
  wrong.length ? JSON.stringify(wrong.slice(0, 3)) : `${report.acks.length} acknowledgements`);
let audit;
for (let tries = 0; tries < 60; tries++) {
  audit = await get("/api/admin/consistency", process.env.OPS);
  if (audit.consistent) break;
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
check("the consistency audit finds nothing", audit.consistent === true, JSON.stringify(audit).slice(0, 300));
