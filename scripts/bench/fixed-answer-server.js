// A minimal OpenAI-compatible server for client benchmarks: every POST to /v1/chat/completions gets the same
// answer at once, as JSON, or (when the request asks to stream) as an SSE stream of TOKENS chunks sent GAP_MS
// apart, the first FIRST_MS after the request. Usage: node fixed-answer-server.js PORT [TOKENS] [GAP_MS] [FIRST_MS]
const http = require('http');
const port = Number(process.argv[2] || 18090);
const tokens = Number(process.argv[3] || 20);
const gapMs = Number(process.argv[4] || 0);
const firstMs = Number(process.argv[5] || 0);
const answer = JSON.stringify({
  id: 'chatcmpl-fixed', object: 'chat.completion', created: 0, model: 'fixed',
  choices: [{index: 0, message: {role: 'assistant', content: 'The quick brown fox jumps over the lazy dog.'},
    finish_reason: 'stop'}],
  usage: {prompt_tokens: 12, completion_tokens: 10, total_tokens: 22},
});
const chunk = (delta, finish) => 'data: ' + JSON.stringify({id: 'chatcmpl-fixed', object: 'chat.completion.chunk',
  created: 0, model: 'fixed', choices: [{index: 0, delta, finish_reason: finish}]}) + '\n\n';
const usage = 'data: ' + JSON.stringify({id: 'chatcmpl-fixed', object: 'chat.completion.chunk', created: 0,
  model: 'fixed', choices: [], usage: {prompt_tokens: 12, completion_tokens: tokens, total_tokens: 12 + tokens}}) + '\n\n';

http.createServer((req, res) => {
  const parts = [];
  req.on('data', part => parts.push(part));
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    let streaming = false;
    try { streaming = JSON.parse(Buffer.concat(parts).toString()).stream === true; } catch (e) { /* JSON answer */ }
    if (!streaming) {
      res.writeHead(200, {'content-type': 'application/json', 'content-length': Buffer.byteLength(answer)});
      res.end(answer);
      return;
    }
    res.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache'});
    let sent = 0;
    const next = () => {
      if (sent < tokens) {
        res.write(chunk({content: sent === 0 ? 'tok' : ' tok'}, null));
        sent++;
        if (gapMs > 0) { setTimeout(next, gapMs); } else { next(); }
        return;
      }
      res.end(chunk({}, 'stop') + usage + 'data: [DONE]\n\n');
    };
    if (firstMs > 0) { setTimeout(next, firstMs); } else { next(); }
  });
}).listen(port, '127.0.0.1', () => console.log('listening on ' + port));
