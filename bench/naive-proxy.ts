import { createServer } from 'node:http';

/**
 * The naive proxy of the bench: forwards each request as it came (method, path, body, the headers Graph
 * needs) with Node's global fetch and answers with what came back. No GraphQL, no validation: the
 * least a hand-written Node.js hop does. UPSTREAM_URL and PORT come from bench/run.ts.
 */
const upstream = process.env.UPSTREAM_URL!;
const port = Number(process.env.PORT);

createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  if (req.headers.authorization) headers.authorization = req.headers.authorization;
  if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
  try {
    const answer = await fetch(`${upstream}${req.url}`, {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const text = await answer.text();
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
    res.end(text);
  } catch {
    res.writeHead(502).end();
  }
}).listen(port, '127.0.0.1');
