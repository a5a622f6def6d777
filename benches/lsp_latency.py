#!/usr/bin/env python3
"""Editor latency of `connlint server`, driven over stdio the way an editor drives it.

For a generated connector of about 1 MB and one of about 50 KB (benches/gen_corpus.py,
fixed seed) it opens the file, then types 50 characters one at a time into the first
action's description, each as an incremental `didChange`, waiting for the
`publishDiagnostics` of that version before the next keystroke (a typist slower than the
server: every edit is linted, none is coalesced). It prints the time from `didOpen` and
the median and p90 from each `didChange` to its `publishDiagnostics`, in milliseconds.

A second series types a quote and deletes it again, 25 times: the text is broken every
other keystroke, which is parsed afresh (see the README's editor section).

    python3 benches/lsp_latency.py [--edits 50] [--no-build]
"""
import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "connlint")
TARGETS = {"1 MB": 16.0, "50 KB": 5.0}


class Server:
    def __init__(self, cwd):
        self.proc = subprocess.Popen(
            [BINARY, "server"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.startswith(b"Content-Length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            self.messages.put((time.perf_counter(), json.loads(body)))

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return time.perf_counter()

    def wait(self, pred, timeout=120):
        deadline = time.time() + timeout
        while True:
            at, message = self.messages.get(timeout=max(0.1, deadline - time.time()))
            if pred(message):
                return at, message

    def published(self, uri, version):
        return self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and m["params"].get("version") == version
        )

    def close(self):
        self.send({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})
        self.wait(lambda m: m.get("id") == 99)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.proc.wait(timeout=30)


def generate(kb, out):
    subprocess.run(
        [sys.executable, os.path.join(ROOT, "benches", "gen_corpus.py"), "--single", str(kb), "--out", out],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return os.path.join(out, "connector.rb")


def inside_first_action(text):
    """The 0-based line and column just inside the first action's description, title or
    hint string (ASCII before it, so UTF-16 columns equal byte columns)."""
    lines = text.split("\n")
    start = next((n for n, line in enumerate(lines)
                  if line.lstrip().startswith(("actions: {", "actions => {", "'actions' => {", '"actions" => {'))),
                 None)
    for wanted in ("description", "title", "hint"):
        for number, line in enumerate(lines[start or 0:], start or 0):
            key = line.lstrip().split(":")[0].strip("'\"")
            quote = min((line.find(q) for q in "'\"" if q in line), default=-1)
            if start is not None and key == wanted and quote > 0 and line[:quote].isascii():
                return number, quote + 1
    raise SystemExit("no action description, title or hint to type into")


def change(uri, version, line, character, end_character, text):
    return {
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [
                {
                    "range": {
                        "start": {"line": line, "character": character},
                        "end": {"line": line, "character": end_character},
                    },
                    "text": text,
                }
            ],
        },
    }


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(path, edits):
    text = open(path, encoding="utf-8").read()
    uri = "file://" + path
    server = Server(os.path.dirname(path))
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    server.wait(lambda m: m.get("id") == 1)
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    sent = server.send(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "ruby", "version": 1, "text": text}},
        }
    )
    at, _ = server.published(uri, 1)
    opened = (at - sent) * 1000
    line, column = inside_first_action(text)
    version = 1
    typing = []
    word = "Synchronise the records now, then report it back!"
    for i in range(edits):
        version += 1
        sent = server.send(change(uri, version, line, column + i, column + i, word[i % len(word)]))
        at, _ = server.published(uri, version)
        typing.append((at - sent) * 1000)
    broken = []
    at_column = column + edits
    for i in range(edits):
        version += 1
        if i % 2 == 0:
            message = change(uri, version, line, at_column, at_column, '"')
        else:
            message = change(uri, version, line, at_column, at_column + 1, "")
        sent = server.send(message)
        at, _ = server.published(uri, version)
        broken.append((at - sent) * 1000)
    server.close()
    return len(text.encode()), opened, typing, broken


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--file", action="append", default=[],
                        help="also measure this connector (a real one), typing into its first action")
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    print(f"`python3 benches/lsp_latency.py --edits {args.edits}`, {os.cpu_count()} cores\n")
    report(args.edits, [os.path.abspath(f) for f in args.file])


def report(edits, extra=()):
    """Generates both connectors, measures each (and `extra`) and prints the table."""
    out = os.path.join(ROOT, "target", "lsp-bench")
    files = {
        "1 MB": generate(1400, os.path.join(out, "large")),
        "50 KB": generate(34, os.path.join(out, "small")),
    }
    files.update((os.path.basename(path), path) for path in extra)
    print("| connector | size | didOpen | typing: median | typing: p90 | target (median) | quote typed and deleted: median | p90 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, path in files.items():
        size, opened, typing, broken = measure(path, edits)
        target = TARGETS.get(name)
        median = statistics.median(typing)
        verdict = "–" if target is None else f"≤ {target:.0f} ms: {'met' if median <= target else 'not met'}"
        print(
            f"| {name} | {size / 1000:.0f} KB | {opened:.1f} ms | {median:.1f} ms | "
            f"{percentile(typing, 90):.1f} ms | {verdict} | "
            f"{statistics.median(broken):.1f} ms | {percentile(broken, 90):.1f} ms |"
        )


if __name__ == "__main__":
    main()
