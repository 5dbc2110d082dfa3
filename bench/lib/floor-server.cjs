'use strict';
/**
 * The floor of the `floor` bench suite, run as its own process: an HTTP server that drains each
 * request and answers at once with the reply its parent set (IPC message `{ reply: string }`,
 * acknowledged with `{ ok: true }`). It prints nothing; it sends `{ port }` once it listens.
 */
const http = require('node:http');

let canned = Buffer.from('{}');
const server = http.createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': canned.length });
    res.end(canned);
  });
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (msg) => {
  if (msg && typeof msg.reply === 'string') {
    canned = Buffer.from(msg.reply);
    process.send({ ok: true });
  }
});
// The parent going away ends this process too.
process.on('disconnect', () => process.exit(0));
