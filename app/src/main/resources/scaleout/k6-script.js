// LLM Dyno's load script for k6: runs the experiment in dyno-plan.json beside it (docs/scale-out.md).
// Each VU is one of the plan's callers (closed loop) or k6 sends at the plan's rate (open loop). k6's http module
// hands over a body only when it has ended, so a streamed answer's first token cannot be timed here: its lines
// carry the first byte apart (firstByteMs) and no first-token time. Run with
//   k6 run --log-format raw --console-output samples/samples-k6.jsonl k6-script.js
// and import with `dyno experiment import .`.
import http from 'k6/http';
import exec from 'k6/execution';
import {sleep} from 'k6';

const PLAN = JSON.parse(open('./dyno-plan.json'));
const PACE = PLAN.arrival;
const OPEN_LOOP = PACE.mode === 'constant' || PACE.mode === 'poisson';
const HOST = __ENV.DYNO_HOST;

function scenario() {
  if (OPEN_LOOP) {
    // k6 has no Poisson arrivals: a Poisson plan is sent at its mean rate, and each line says when k6 sent it.
    const cap = PACE.cap || 1000;
    return {
      executor: 'constant-arrival-rate', rate: Math.round(PACE.rate * 1000), timeUnit: '1000s',
      duration: Math.ceil(PLAN.trials.length / PACE.rate + 1) + 's', preAllocatedVUs: Math.min(cap, 100), maxVUs: cap,
    };
  }
  return {executor: 'per-vu-iterations', vus: PACE.users,
    iterations: Math.ceil(PLAN.trials.length / PACE.users), maxDuration: '24h'};
}

export const options = {scenarios: {dyno: scenario()}, discardResponseBodies: false};

export function setup() {
  const missing = PLAN.keys.filter((name) => !__ENV[name]);
  if (missing.length > 0) {
    exec.test.abort('set ' + missing.join(', ') + ': the requests of this plan carry it');
  }
  console.log(JSON.stringify({format: 'llm-dyno-load-samples', exportId: PLAN.exportId, worker: 'k6'}));
  // Closed loop: the callers set off together half a second from now. Open loop: k6's schedule starts now.
  return {startAt: Date.now() + (OPEN_LOOP ? 0 : 500)};
}

function filled(headers) {
  const result = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name] = value.replace(/\$\{([A-Z0-9_]+)\}/g, (all, key) => __ENV[key] || all);
  }
  result['Content-Type'] = 'application/json; charset=utf-8';
  return result;
}

function url(request) {
  if (!HOST) {
    return request.url;
  }
  const path = request.url.replace(/^https?:\/\/[^/]+/, '');
  return HOST.replace(/\/$/, '') + path;
}

// The events that carry usage or an error, and the text, of a whole server-sent-events body.
export function readEvents(body, anthropic) {
  const read = {events: [], text: '', reasoning: '', toolCalls: '', terminated: false};
  let type = null;
  for (const line of body.split('\n')) {
    const text = line.replace(/\r$/, '');
    if (text === '') {
      type = null;
    } else if (text.startsWith('event:')) {
      type = text.slice(6).trim();
    } else if (text.startsWith('data:')) {
      const data = text.slice(5).trim();
      if (!anthropic && data === '[DONE]') {
        read.terminated = true;
        break;
      }
      const event = JSON.parse(data);
      if (!anthropic) {
        for (const choice of event.choices || []) {
          const delta = choice.delta || {};
          read.reasoning += (delta.reasoning_content || '') + (delta.reasoning || '');
          for (const call of delta.tool_calls || []) {
            read.toolCalls += ((call.function || {}).name || '') + ((call.function || {}).arguments || '');
          }
          read.text += delta.content || '';
        }
        if (event.usage || event.error) {
          read.events.push([null, event]);
        }
        continue;
      }
      const kind = type || event.type;
      if (kind === 'content_block_delta') {
        const delta = event.delta || {};
        read.text += delta.type === 'text_delta' ? delta.text : '';
        read.reasoning += delta.type === 'thinking_delta' ? delta.thinking : '';
        read.toolCalls += delta.type === 'input_json_delta' ? delta.partial_json : '';
      } else if (kind === 'message_start' || kind === 'message_delta' || kind === 'error') {
        read.events.push([kind, event]);
      } else if (kind === 'message_stop') {
        read.terminated = true;
        break;
      }
    }
  }
  return read;
}

export default function (data) {
  const position = OPEN_LOOP ? exec.scenario.iterationInTest
    : (exec.vu.idInTest - 1) + exec.vu.iterationInScenario * PACE.users;
  if (position >= PLAN.trials.length) {
    return;
  }
  const trial = PLAN.trials[position];
  const request = PLAN.requests[trial[1]];
  const clock = () => Date.now() - data.startAt;
  if (!OPEN_LOOP && clock() < 0) {
    sleep(-clock() / 1000);
  }
  // Open loop: k6 starts iteration i at i / rate; a closed-loop caller sends as soon as it is free.
  const plannedMs = OPEN_LOOP ? position * 1000 / PACE.rate : clock();
  const sentMs = clock();
  const res = http.post(url(request), request.body, {headers: filled(request.headers),
    timeout: request.timeouts.totalMs + 'ms', tags: {name: request.variantName}});
  const endMs = clock();
  const line = {trial: trial[0], user: exec.vu.idInTest, plannedMs: plannedMs, heldMs: 0, sentMs: sentMs,
    endMs: endMs, status: res.status, firstByteMs: sentMs + res.timings.blocked + res.timings.connecting
      + res.timings.tls_handshaking + res.timings.sending + res.timings.waiting,
    firstTokenMs: null, firstContentMs: null, failure: null, events: [], body: null, text: '', reasoning: '',
    toolCalls: ''};
  if (res.status === 0) {
    line.failure = {type: res.error_code === 1050 ? 'timeout_total' : 'connect', message: res.error};
  } else if (res.status < 200 || res.status >= 300 || !request.stream) {
    line.bodyAtMs = endMs;
    try {
      line.body = JSON.parse(res.body);
    } catch (e) {
      if (res.status >= 200 && res.status < 300) {
        line.failure = {type: 'malformed', message: 'the answer is not JSON'};
      }
    }
  } else {
    try {
      const read = readEvents(res.body, request.protocol === 'anthropic');
      Object.assign(line, {events: read.events, text: read.text, reasoning: read.reasoning,
        toolCalls: read.toolCalls});
      if (!read.terminated) {
        line.failure = {type: 'stream_cut', message: 'the stream ended without its terminator'};
      }
    } catch (e) {
      line.failure = {type: 'malformed', message: 'an event is not JSON: ' + e};
    }
  }
  console.log(JSON.stringify(line));
}
