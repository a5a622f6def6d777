#!/usr/bin/env python3
"""Deterministic git history of an evolving connector, for `check --history` benchmarks.

Writes a repository whose main branch has COMMITS commits of one connector (about 60 KB,
from gen_corpus.py, without its own planted secrets) growing and changing, with side files
(README, spec fixtures, settings) changing beside it, and a side branch. Leaks are planted
the way they happen: a commit hardcodes a credential, a later one replaces it with a
connection field; one key goes into a settings.yaml committed on the side branch only.
The whole history is one `git fast-import` stream (no process per commit). Secrets are
assembled from fragments at run time, so this file holds no credential-shaped text.

Prints, and writes to LEAKS.json beside the repository, the commits that introduced each
leak, so a benchmark can check that every one is found.

    python3 benches/gen_history.py --out target/bench-history [--commits 500] [--seed 5]
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_corpus  # noqa: E402

ALNUM = gen_corpus.ALNUM


def secret_line(rng):
    """A hardcoded credential in a connector, in one of the ways authors write them."""
    kind = rng.randrange(4)
    value = gen_corpus.fake(rng, ALNUM, 36)
    if kind == 0:
        return f"      client_secret: '{value}',", value
    if kind == 1:
        return f"      apply: ->(_c) {{ headers('X-Api-Key' => '{value}') }},", value
    if kind == 2:
        token = "sk" + "_live_" + gen_corpus.fake(rng, ALNUM, 24)
        return f"      apply: ->(_c) {{ params(api_key: '{token}') }},", token
    token = "gh" + "p_" + gen_corpus.fake(rng, ALNUM, 36)
    return f"      apply: ->(_c) {{ headers('Authorization' => 'token {token}') }},", token


def fixture(rng, n):
    rows = ",\n".join(
        '    {"id": %d, "name": "%s", "amount": %d.%02d}'
        % (i, rng.choice(gen_corpus.WORDS), rng.randint(1, 999), rng.randint(0, 99))
        for i in range(n)
    )
    return '{\n  "data": [\n' + rows + "\n  ]\n}\n"


class Stream:
    """A fast-import stream: commits carry the full text of the files they change."""

    def __init__(self):
        self.parts = []
        self.mark = 0
        self.time = 1_600_000_000

    def commit(self, branch, message, files, parent=None, deletes=()):
        self.mark += 1
        self.time += 3_600
        data = message.encode()
        out = [f"commit refs/heads/{branch}\nmark :{self.mark}\n".encode(),
               f"author Ada <ada@example.com> {self.time} +0000\n".encode(),
               f"committer Ada <ada@example.com> {self.time} +0000\n".encode(),
               f"data {len(data)}\n".encode() + data + b"\n"]
        if parent:
            out.append(f"from :{parent}\n".encode())
        for path in deletes:
            out.append(f"D {path}\n".encode())
        for path, text in files.items():
            body = text.encode()
            out.append(f"M 100644 inline {path}\ndata {len(body)}\n".encode() + body + b"\n")
        self.parts.append(b"".join(out))
        return self.mark


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--commits", type=int, default=500)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)

    base = gen_corpus.connector(rng, 60_000, False).splitlines(keepends=True)
    # Where a credential goes: inside `authorization: {`.
    anchor = next(i for i, line in enumerate(base) if "authorization: {" in line) + 1
    stream = Stream()
    files = {
        "connector.rb": "".join(base),
        "README.md": "# Acme connector\n\nSupport: support@example.com\n",
        "spec/fixtures/list.json": fixture(rng, 20),
    }
    last = stream.commit("main", "Initial connector", dict(files))
    leaks = []
    open_leak = None
    lines = base
    for n in range(1, args.commits):
        changed = {}
        # The connector changes in most commits: a hint edited, an action's text grown.
        if rng.random() < 0.8:
            i = rng.randrange(len(lines))
            if "hint:" in lines[i]:
                lines[i] = lines[i].replace("hint: '", f"hint: 'Rev {n}. ", 1)
            else:
                lines.insert(rng.randrange(anchor + 2, len(lines) - 2),
                             f"  # {rng.choice(gen_corpus.WORDS)} change {n}\n")
        if open_leak is None and rng.random() < 0.04:
            line, value = secret_line(rng)
            lines.insert(anchor, line + "\n")
            open_leak = (anchor, value)
        elif open_leak is not None and rng.random() < 0.3:
            at, _ = open_leak
            del lines[at]
            open_leak = None
        changed["connector.rb"] = "".join(lines)
        if rng.random() < 0.2:
            changed["spec/fixtures/list.json"] = fixture(rng, rng.randint(5, 40))
        if rng.random() < 0.05:
            changed["README.md"] = files["README.md"] + f"\n## Release {n}\n\nFixes.\n"
            files["README.md"] = changed["README.md"]
        last = stream.commit("main", f"Change {n}", changed, parent=last)
        if open_leak is not None and changed["connector.rb"].count(open_leak[1]) and not any(
            l["value"] == open_leak[1] for l in leaks
        ):
            leaks.append({"mark": last, "path": "connector.rb", "value": open_leak[1]})
        if n == args.commits // 2:
            key = gen_corpus.fake(rng, ALNUM, 32)
            side = stream.commit("side", "Settings for local tests",
                                 {"settings.yaml": f"api_key: {key}\n"}, parent=last)
            leaks.append({"mark": side, "path": "settings.yaml", "value": key})

    subprocess.run(["git", "init", "-q", "-b", "main", args.out], check=True)
    marks = os.path.join(os.path.abspath(args.out), ".git", "bench-marks")
    subprocess.run(["git", "fast-import", "--quiet", f"--export-marks={marks}"], cwd=args.out,
                   input=b"".join(stream.parts) + b"done\n", check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=args.out, check=True)
    ids = dict(line.split() for line in open(marks).read().split("\n") if line)
    report = [{"commit": ids[f":{l['mark']}"], "path": l["path"]} for l in leaks]
    with open(os.path.join(os.path.dirname(os.path.abspath(args.out)), "LEAKS.json"), "w") as f:
        json.dump(report, f, indent=2)
    size = len(open(os.path.join(args.out, "connector.rb")).read().encode())
    print(f"{args.commits} commits on main + 1 on side, connector {size / 1000:.0f} KB at HEAD, "
          f"{len(report)} leaks planted, in {args.out}")


if __name__ == "__main__":
    main()
