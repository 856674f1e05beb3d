// The floor for the sample app: node:http answering GET / with the same JSON, nothing else.
import { createServer } from 'node:http';
import { hostname } from 'node:os';

const body = Buffer.from(JSON.stringify({ message: 'Hello from fastapi-k8s!', server: hostname() }));
createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
