// Peer for the dataset scan benchmark: the redact-pii npm package on the same JSONL file, one message content at a
// time (as `gatehouse scan` scans string values). Prints bytes, seconds and MB/s as one JSON line.
// usage: node redact-pii-peer.js FILE.jsonl
'use strict';
const fs = require('fs');
const readline = require('readline');
const { SyncRedactor } = require('redact-pii');

async function main() {
  const file = process.argv[2];
  const redactor = new SyncRedactor();
  const bytes = fs.statSync(file).size;
  const started = process.hrtime.bigint();
  let rows = 0;
  let changed = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    rows++;
    for (const message of JSON.parse(line).messages) {
      const redacted = redactor.redact(message.content);
      if (redacted !== message.content) changed++;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ tool: 'redact-pii', bytes, rows, changedValues: changed, seconds, mbPerSecond: bytes / 1e6 / seconds }));
}

main().catch((e) => { console.error(e); process.exit(2); });
