"""LLM Dyno's load script for Locust: runs the experiment in dyno-plan.json beside it.

Each Locust user is one of the plan's callers (closed loop) or senders (open loop). The master (or the single
process) numbers the users and sets them off together; every request is timed as LLM Dyno times its own (the
first generated token, the first visible content token, the end of the answer, each from the moment the request
is sent, and the planned start so a late send cannot hide), and written as one JSON line to
samples/samples-HOST-PID.jsonl on the machine that sent it. `dyno experiment import DIR` reads the lines back.
See docs/scale-out.md.
"""
import json
import os
import socket
import time

import gevent
from gevent.event import AsyncResult
from gevent.lock import Semaphore
from gevent.pool import Group
from geventhttpclient import HTTPClient
from geventhttpclient.url import URL
import locust.runners
from locust import User, events, task
from locust.exception import StopUser
from locust.runners import LocalRunner, MasterRunner, WorkerRunner

# Debian's python3-locust 2.12.1-1 reports its version as "", which its own master takes for a pre-2.0 worker and
# turns away: every worker of that package would be refused. Its real version stands in.
if not locust.runners.__version__:
    locust.runners.__version__ = "2.12.1"

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "dyno-plan.json"), encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)
PACE = PLAN["arrival"]
OPEN_LOOP = PACE["mode"] in ("constant", "poisson")
TRIALS = PLAN["trials"]
REQUESTS = PLAN["requests"]
WORKER = "%s-%d" % (socket.gethostname(), os.getpid())
SAMPLES_FORMAT = "llm-dyno-load-samples"


def key_values():
    """The keys the requests carry, from the environment; a missing one stops the run before it starts."""
    missing = [name for name in PLAN["keys"] if not os.environ.get(name)]
    if missing:
        raise SystemExit("set %s in the environment: the plan's requests carry the key" % ", ".join(missing))
    return {"${%s}" % name: os.environ[name] for name in PLAN["keys"]}


def filled(headers, keys):
    result = {}
    for name, value in headers.items():
        for placeholder, key in keys.items():
            value = value.replace(placeholder, key)
        result[name] = value
    return result


@events.init_command_line_parser.add_listener
def add_options(parser):
    parser.add_argument("--dyno-out", default=os.environ.get("DYNO_OUT", os.path.join(HERE, "samples")),
                        help="Where each process writes its samples (default: samples/ beside the script).")


# --- Numbering the users and setting them off together (on the master, or in the single process) ---

class Coordinator:
    """Hands each user its number once all have joined, with one start time for all; quits when all are done."""

    def __init__(self, environment):
        self.environment = environment
        self.waiting = []
        self.numbered = 0
        self.done = 0
        self.start_at = None

    def users(self):
        return PACE["users"] if not OPEN_LOOP else self.environment.parsed_options.num_users

    def on_join(self, environment, msg, **kwargs):
        self.waiting.append((msg.node_id, msg.data["key"]))
        if self.start_at is None and self.numbered + len(self.waiting) >= self.users():
            # Half a second for the numbers to reach every worker before the common start.
            self.start_at = time.time() + 0.5
        if self.start_at is not None:
            for node, key in self.waiting:
                reply(self.environment, node, {"key": key, "number": self.numbered, "users": self.users(),
                                               "startAt": self.start_at})
                self.numbered += 1
            self.waiting = []

    def on_done(self, environment, msg, **kwargs):
        self.done += 1
        if self.done >= self.users():
            # A moment for the last lines and Locust's own statistics to arrive, then the run is over.
            gevent.spawn_later(1.0, self.environment.runner.quit)


def reply(environment, node, data):
    runner = environment.runner
    if isinstance(runner, MasterRunner):
        runner.send_message("dyno_number", data, client_id=node)
    else:
        runner.send_message("dyno_number", data)


# --- Joining (on every process that runs users) ---

PENDING = {}


def on_number(environment, msg, **kwargs):
    PENDING.pop(msg.data["key"]).set(msg.data)


def join(environment, key):
    result = AsyncResult()
    PENDING[key] = result
    environment.runner.send_message("dyno_join", {"key": key})
    return result.get()


def report_done(environment):
    environment.runner.send_message("dyno_done", {"worker": WORKER})


def check_users(environment):
    """Refuses a user count the plan cannot run with, before anything starts."""
    asked = environment.parsed_options.num_users if environment.parsed_options else None
    if asked is None:
        return
    if OPEN_LOOP and PACE.get("cap") and asked > PACE["cap"]:
        raise SystemExit("this plan has at most %d requests in flight, shared among the senders: start Locust with "
                         "-u %d or fewer (it was given -u %d)" % (PACE["cap"], PACE["cap"], asked))
    if not OPEN_LOOP and asked != PACE["users"]:
        raise SystemExit("this plan runs %d callers: start Locust with -u %d (it was given -u %s)"
                         % (PACE["users"], PACE["users"], asked))


@events.init.add_listener
def on_init(environment, **kwargs):
    # This process's own --dyno-out: a master hands its custom options to its workers, which would put every
    # worker's samples where the master's option points.
    if environment.parsed_options is not None:
        SAMPLES.directory = environment.parsed_options.dyno_out
    runner = environment.runner
    if isinstance(runner, (MasterRunner, LocalRunner)):
        check_users(environment)
        coordinator = Coordinator(environment)
        runner.register_message("dyno_join", coordinator.on_join)
        runner.register_message("dyno_done", coordinator.on_done)
    if isinstance(runner, (WorkerRunner, LocalRunner)):
        key_values()  # a process that would send without its key stops before it joins
        runner.register_message("dyno_number", on_number)


@events.quitting.add_listener
def on_quitting(environment, **kwargs):
    # Failed requests are the measurement, not a failure of the run: they are in the samples with their error.
    if not environment.runner.exceptions:
        environment.process_exit_code = 0


# --- The samples file of this process ---

class Samples:
    def __init__(self):
        self.file = None
        self.directory = os.environ.get("DYNO_OUT", os.path.join(HERE, "samples"))

    def write(self, environment, line):
        if self.file is None:
            os.makedirs(self.directory, exist_ok=True)
            self.file = open(os.path.join(self.directory, "samples-%s.jsonl" % WORKER), "a", encoding="utf-8",
                             buffering=1)
            self.file.write(json.dumps({"format": SAMPLES_FORMAT, "exportId": PLAN["exportId"],
                                        "worker": WORKER}) + "\n")
        self.file.write(json.dumps(line, separators=(",", ":")) + "\n")


SAMPLES = Samples()


# --- One request, timed ---

class FirstTokenTimeout(Exception):
    pass


class IdleTimeout(Exception):
    pass


class TotalTimeout(Exception):
    pass


class StreamReader:
    """Reads one answer's server-sent events: the time of its first token and first content, its text, the
    events that carry usage or an error (kept whole, for the import to read), and whether the stream ended as its
    protocol ends one."""

    def __init__(self, anthropic):
        self.anthropic = anthropic
        self.first_token = None
        self.first_content = None
        self.text = []
        self.reasoning = []
        self.tool_calls = []
        self.kept = []
        self.terminated = False

    def token(self, at, kind, value):
        if not value:
            return False
        if self.first_token is None:
            self.first_token = at
        if kind == "content":
            if self.first_content is None:
                self.first_content = at
            self.text.append(value)
        elif kind == "reasoning":
            self.reasoning.append(value)
        else:
            self.tool_calls.append(value)
        return True

    def on_event(self, at, event_type, data):
        """Reads one event; returns whether it carried a token."""
        if not self.anthropic:
            if data.strip() == "[DONE]":
                self.terminated = True
                return False
            chunk = json.loads(data)
            carried = False
            for choice in chunk.get("choices") or ():
                delta = choice.get("delta") or {}
                carried |= self.token(at, "reasoning", delta.get("reasoning_content"))
                carried |= self.token(at, "reasoning", delta.get("reasoning"))
                for call in delta.get("tool_calls") or ():
                    function = call.get("function") or {}
                    carried |= self.token(at, "tool", function.get("name"))
                    carried |= self.token(at, "tool", function.get("arguments"))
                carried |= self.token(at, "content", delta.get("content"))
            if isinstance(chunk.get("usage"), dict) or isinstance(chunk.get("error"), dict):
                self.kept.append([None, chunk])
            return carried
        event = json.loads(data)
        kind = event_type or event.get("type", "")
        if kind == "content_block_delta":
            delta = event.get("delta") or {}
            delta_type = delta.get("type")
            if delta_type == "text_delta":
                return self.token(at, "content", delta.get("text"))
            if delta_type == "thinking_delta":
                return self.token(at, "reasoning", delta.get("thinking"))
            if delta_type == "input_json_delta":
                return self.token(at, "tool", delta.get("partial_json"))
        elif kind == "content_block_start":
            block = event.get("content_block") or {}
            if block.get("type") == "tool_use":
                return self.token(at, "tool", block.get("name"))
        elif kind in ("message_start", "message_delta", "error"):
            self.kept.append([kind, event])
        elif kind == "message_stop":
            self.terminated = True
        return False


class Target:
    """A request ready to send: the client of its origin (keep-alive connections, shared by the requests that go
    there), its path, headers and body."""

    def __init__(self, request, host, keys, clients, concurrency):
        url = URL(host.rstrip("/") + URL(request["url"]).request_uri if host else request["url"])
        timeouts = request["timeouts"]
        origin = (url.scheme, url.host, url.port)
        if origin not in clients:
            # The socket's own timeout only bounds connecting: first-token and idle times are kept per token.
            clients[origin] = HTTPClient(url.host, port=url.port, ssl=url.scheme == "https",
                                         concurrency=concurrency, connection_timeout=timeouts["connectMs"] / 1000.0,
                                         network_timeout=timeouts["totalMs"] / 1000.0)
        self.client = clients[origin]
        self.path = url.request_uri
        self.headers = filled(request["headers"], keys)
        self.headers["Content-Type"] = "application/json; charset=utf-8"
        self.body = request["body"].encode("utf-8")
        self.stream = request["stream"]
        self.anthropic = request["protocol"] == "anthropic"
        self.timeouts = timeouts
        self.variant = request["variantName"]


def targets_for(environment, keys, concurrency):
    host = environment.host or (environment.parsed_options.host if environment.parsed_options else None)
    clients = {}
    return [Target(request, host, keys, clients, concurrency) for request in REQUESTS]


def finish(response, usable):
    """Gives the connection back for the next request, or closes it when the answer was not read to its end."""
    if response is None or response._sock is None:
        return
    if usable:
        try:
            response.read()  # the rest of the body: the stream's end after its terminator
            return
        except Exception:
            pass
    response._pool.release_socket(response._sock)
    response._sock = None


def send(environment, target, clock, trial_index, user, planned_ms, held_ms):
    """Sends one request and writes its sample."""
    line = {"trial": trial_index, "user": user, "plannedMs": planned_ms, "heldMs": held_ms}
    reader = StreamReader(target.anthropic)
    status = 0
    failure = None
    body = None
    timer = None
    response = None
    sent = clock()
    line["sentMs"] = sent
    total = gevent.Timeout(target.timeouts["totalMs"] / 1000.0, TotalTimeout)
    total.start()
    try:
        response = target.client.request("POST", target.path, body=target.body, headers=target.headers)
        status = response.status_code
        if status < 200 or status >= 300 or not target.stream:
            raw = response.read()
            line["bodyAtMs"] = clock()
            try:
                body = json.loads(raw)
            except ValueError:
                if 200 <= status < 300:
                    failure = ("malformed", "the answer is not JSON")
        else:
            timer = gevent.Timeout(target.timeouts["firstTokenMs"] / 1000.0, FirstTokenTimeout)
            timer.start()
            event_type = None
            while True:
                raw = response.readline(b"\n")
                if not raw:
                    break
                at = clock()
                text = raw.decode("utf-8").rstrip("\r\n")
                if not text:
                    event_type = None
                elif text.startswith("event:"):
                    event_type = text[6:].strip()
                elif text.startswith("data:"):
                    if reader.on_event(at, event_type, text[5:].lstrip()):
                        timer.cancel()
                        timer = gevent.Timeout(target.timeouts["idleMs"] / 1000.0, IdleTimeout)
                        timer.start()
                    if reader.terminated:
                        break
            if not reader.terminated:
                failure = ("stream_cut", "the stream ended without its terminator")
    except FirstTokenTimeout:
        failure = ("timeout_first_token", "no token within %d ms" % target.timeouts["firstTokenMs"])
    except IdleTimeout:
        failure = ("timeout_idle", "no token for %d ms" % target.timeouts["idleMs"])
    except TotalTimeout:
        failure = ("timeout_total", "the call ran past %d ms" % target.timeouts["totalMs"])
    except ValueError as e:
        failure = ("malformed", "an event is not JSON: %s" % e)
    except socket.timeout:
        failure = ("timeout_connect", "no connection within %d ms" % target.timeouts["connectMs"])
    except Exception as e:  # the connection refused, reset or closed: before an answer, or during one
        failure = ("connect" if status == 0 else "stream_cut", "%s: %s" % (type(e).__name__, e))
    end = clock()
    total.cancel()
    if timer is not None:
        timer.cancel()
    finish(response, failure is None)
    line.update({"firstTokenMs": reader.first_token, "firstContentMs": reader.first_content, "endMs": end,
                 "status": status, "failure": None if failure is None else {"type": failure[0], "message": failure[1]},
                 "events": reader.kept, "body": body, "text": "".join(reader.text),
                 "reasoning": "".join(reader.reasoning), "toolCalls": "".join(reader.tool_calls)})
    SAMPLES.write(environment, line)
    environment.events.request.fire(request_type="POST", name=target.variant, response_time=end - planned_ms,
                                    response_length=len(line["text"]), context={}, url=target.path,
                                    exception=None if failure is None and 200 <= status < 300
                                    else Exception(failure[1] if failure else "HTTP %d" % status))


class DynoUser(User):
    """One caller (closed loop) or sender (open loop) of the plan."""

    def wait_time(self):
        return 0

    @task
    def run_share(self):
        keys = key_values()
        assignment = join(self.environment, "%s-%d" % (WORKER, id(self)))
        number, users = assignment["number"], assignment["users"]
        if number >= users:
            raise StopUser()
        start_at = assignment["startAt"]
        # Milliseconds since the common start, on this process's monotonic clock.
        origin = time.perf_counter() - (time.time() - start_at)

        def clock():
            return (time.perf_counter() - origin) * 1000.0

        share = range(number, len(TRIALS), users)
        if OPEN_LOOP:
            cap = PACE.get("cap")
            slots_of_mine = None if cap is None else cap // users + (1 if number < cap % users else 0)
            targets = targets_for(self.environment, keys, slots_of_mine or 10000)
            gevent.sleep(max(0.0, start_at - time.time()))
            self.send_open_loop(targets, clock, number, share, slots_of_mine)
        else:
            targets = targets_for(self.environment, keys, 1)
            gevent.sleep(max(0.0, start_at - time.time()))
            planned = 0.0  # the common start: how late this caller woke is its own lateness, kept in the latency
            for position in share:
                trial = TRIALS[position]
                send(self.environment, targets[int(trial[1])], clock, int(trial[0]), number, planned, 0.0)
                planned = clock()
        report_done(self.environment)
        raise StopUser()

    def send_open_loop(self, targets, clock, number, share, slots_of_mine):
        """Each trial at its planned start whether earlier ones have ended or not; a wait for a free place (where
        the plan caps the requests in flight) is the request's queue."""
        slots = None if slots_of_mine is None else Semaphore(slots_of_mine)
        group = Group()
        place_found_at = 0.0
        for position in share:
            trial = TRIALS[position]
            planned = trial[2]
            delay = (planned - clock()) / 1000.0
            if delay > 0:
                gevent.sleep(delay)
            held = max(0.0, place_found_at - planned)
            if slots is not None and not slots.acquire(blocking=False):
                wait_from = clock()
                slots.acquire()
                place_found_at = clock()
                held += place_found_at - wait_from

            def one(trial=trial, planned=planned, held=held):
                try:
                    send(self.environment, targets[int(trial[1])], clock, int(trial[0]), number, planned, held)
                finally:
                    if slots is not None:
                        slots.release()

            group.spawn(one)
        group.join()
