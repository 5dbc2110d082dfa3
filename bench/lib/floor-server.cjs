'use strict';
/**
 * The floor of the `floor` bench suite: an HTTP server that drains each request and answers at once
 * with the reply set last (`setReply`). The in-process layout creates it in the bench's own process;
 * run as a program (the processes layout), it is a process of its own: the parent sets the reply by
 * IPC (`{ reply: string }`, acknowledged with `{ ok: true }`), and it sends `{ port }` once it listens.
 */
const http = require('node:http');

function createFloorServer() {
  let canned = Buffer.from('{}');
  const server = http.createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': canned.length });
      res.end(canned);
    });
  });
  return {
    server,
    setReply: (text) => {
      canned = Buffer.from(text);
    },
  };
}

if (require.main === module) {
  const { server, setReply } = createFloorServer();
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', (msg) => {
    if (msg && typeof msg.reply === 'string') {
      setReply(msg.reply);
      process.send({ ok: true });
    }
  });
  // The parent going away ends this process too.
  process.on('disconnect', () => process.exit(0));
}

module.exports = { createFloorServer };
