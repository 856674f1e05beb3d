// The floor for the sample app: node:http answering GET / with the same JSON, nothing else.
import { hostname } from 'node:os';

// getBuiltinModule, as the sample does: an ES module import of node:http loads undici (its WebSocket
// getters), about 13 MiB of RSS that is no part of serving HTTP.
const { createServer } = process.getBuiltinModule('node:http');

const body = Buffer.from(JSON.stringify({ message: 'Hello from fastapi-k8s!', server: hostname() }));
createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
