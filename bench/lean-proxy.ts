import { createServer } from 'node:http';
import { Pool } from 'undici';

/**
 * The lean proxy of the bench: the naive proxy with undici's `request` on a keep-alive pool instead of
 * fetch, the cheapest Node.js hop there is, and so the limit a gateway written in Node.js can approach.
 */
const upstream = process.env.UPSTREAM_URL!;
const port = Number(process.env.PORT);
const pool = new Pool(upstream);

createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  if (req.headers.authorization) headers.authorization = req.headers.authorization;
  if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
  try {
    const answer = await pool.request({
      method: req.method as 'GET' | 'POST',
      path: req.url!,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const text = await answer.body.text();
    res.writeHead(answer.statusCode, { 'content-type': answer.headers['content-type'] ?? 'text/plain' });
    res.end(text);
  } catch {
    res.writeHead(502).end();
  }
}).listen(port, '127.0.0.1');
