#!/usr/bin/env python3
"""The real-code credential eval: files sampled from public repositories, labelled by hand.

Nothing here fetches. The repositories are read from a folder of bare git copies laid out
as `<owner>+<name>/repo` (what the search tool's `fetch` makes under /work/.mirror); the
committed data is only `benches/real-eval/manifest.tsv` (repo, commit, path, sha256) and
`benches/real-eval/labels.tsv` (repo, path, line, a hash of the line, the label) — never
the code.

  select  pick a repository's files with a fixed seed and list the lines to label
  score   rebuild the set from the git copies and score a connlint build against the labels

A line is labelled `cred` (a real or real-looking secret, whatever file it is in) or `not`
(with the reason). A build flags a line when a credential rule reports on it; it is scored
at `error` and at `warning` or above, overall, per shape, per reason and per file kind.
"""

import argparse
import collections
import gzip
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LEAK_RULES = {"hardcoded-secret", "hardcoded-credential", "hardcoded-oauth-client-credential"}
TEXT_EXT = (".rb", ".rake", ".gemspec", ".yml", ".yaml", ".json", ".md", ".env", ".erb", ".ru")
SKIP_DIRS = ("vendor/", "node_modules/", "dist/", "coverage/", ".bundle/")
KEYWORDS = re.compile(r"secret|token|password|passwd|key|auth|credential|salt|pepper|private",
                      re.I)
# The round-3 set (issue 36) draws on the classes general Ruby still hides: passwords,
# provider account ids and tokens, UUID-shaped keys, Authorization values.
FOCUS_KEYWORDS = re.compile(r"secret|token|password|passwd|pwd|key|auth|credential|sid|basic|"
                            r"bearer|account|login|user", re.I)


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir, *args], check=True,
                          capture_output=True).stdout


def gitdir_of(mirror, repo):
    return os.path.join(mirror, repo.replace("/", "+"), "repo")


def line_hash(text):
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def kind_of(path):
    """The file kind a score is broken down by."""
    low = path.lower()
    base = os.path.basename(low)
    if low.endswith((".rb", ".rake", ".gemspec", ".ru", ".erb")) or base in ("gemfile", "rakefile"):
        if re.search(r"(^|/)(spec|test|tests|features)/", low) or re.search(r"_(spec|test)\.rb$", low):
            return "ruby-test"
        return "ruby"
    if low.endswith((".yml", ".yaml")):
        return "yaml"
    if low.endswith(".json"):
        return "json"
    if low.endswith(".md"):
        return "markdown"
    if base.startswith(".env") or low.endswith(".env"):
        return "env"
    return "other"


def eligible(path):
    low = path.lower()
    base = os.path.basename(low)
    if any(d in low for d in SKIP_DIRS) or low.endswith((".min.js", ".lock")):
        return False
    return low.endswith(TEXT_EXT) or base.startswith(".env") or base in ("gemfile", "rakefile")


HEREDOC = re.compile(r"<<[~-]?(['\"]?)([A-Z_][A-Z0-9_]*)\1")


def string_lines(path, text):
    """Line numbers (1-based) that hold a string value: what gets labelled."""
    kind = kind_of(path)
    lines = text.split("\n")
    out = []
    if kind in ("ruby", "ruby-test", "other"):
        terminators = []
        for i, line in enumerate(lines, 1):
            if terminators:
                out.append(i)
                if line.strip() == terminators[0]:
                    terminators.pop(0)
                continue
            if re.search(r"['\"`]|%[qQwWiI]?[\[({<|!/]", line):
                out.append(i)
            terminators.extend(m.group(2) for m in HEREDOC.finditer(line))
    elif kind in ("yaml", "env"):
        for i, line in enumerate(lines, 1):
            s = line.strip()
            if s and not s.startswith("#") and re.search(r"[:=]\s*\S", s) or s.startswith("- "):
                out.append(i)
            elif s.startswith("#") and re.search(r"[:=]\s*\S", s):
                out.append(i)
    elif kind == "json":
        for i, line in enumerate(lines, 1):
            if '"' in line and re.search(r'"\s*:\s*"|^\s*"[^"]*",?\s*$', line):
                out.append(i)
    elif kind == "markdown":
        fenced = False
        for i, line in enumerate(lines, 1):
            if line.lstrip().startswith("```"):
                fenced = not fenced
                continue
            if fenced and line.strip() or re.search(r"['\"`]|[:=]\s*\S", line):
                out.append(i)
    return out


def select(args):
    gitdir = gitdir_of(args.mirror, args.repo)
    commit = git(gitdir, "rev-parse", "HEAD").decode().strip()
    paths = [p for p in git(gitdir, "ls-tree", "-r", "--name-only", commit).decode().splitlines()
             if eligible(p)]
    texts = {}
    for p in paths:
        blob = git(gitdir, "show", f"{commit}:{p}")
        if b"\0" in blob[:8000]:
            continue
        text = blob.decode("utf-8", "surrogateescape")
        if text.count("\n") > args.max_lines:
            continue
        texts[p] = (blob, text)
    rng = random.Random(f"{args.seed}:{args.repo}")
    pool = sorted(texts)
    keywords = FOCUS_KEYWORDS if args.focus else KEYWORDS
    picked = rng.sample(pool, min(args.random_files, len(pool)))
    # Keyword files are drawn with weight = the number of string lines a keyword hits
    # (weighted sampling without replacement, Efraimidis-Spirakis keys).
    weighted = []
    for p in pool:
        if p in picked:
            continue
        lines = texts[p][1].split("\n")
        weight = sum(1 for n in string_lines(p, texts[p][1]) if keywords.search(lines[n - 1]))
        if weight:
            weighted.append((rng.random() ** (1.0 / weight), p))
    picked += [p for _, p in sorted(weighted, reverse=True)[:args.keyword_files]]
    manifest = open(args.manifest, "a")
    todo = open(args.lines, "a")
    for p in sorted(picked):
        blob, text = texts[p]
        manifest.write(f"{args.repo}\t{commit}\t{p}\t{hashlib.sha256(blob).hexdigest()}\n")
        lines = text.split("\n")
        for n in string_lines(p, text):
            line = lines[n - 1].rstrip("\r")
            todo.write(f"{args.repo}\t{p}\t{n}\t{line_hash(line)}\t{line[:300]}\n")
    print(f"{args.repo}: {len(picked)} files of {len(pool)} eligible", file=sys.stderr)


def read_tsv(path):
    """Rows of a TSV file, or of its gzipped copy (`labels.tsv.gz`: the round-3 labels
    are over the repository's 2 MB limit for a text file)."""
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        f = gzip.open(path + ".gz", "rt")
    else:
        f = open(path)
    with f:
        return [row.rstrip("\n").split("\t") for row in f
                if row.strip() and not row.startswith("#")]


def rebuild(mirror, root, data):
    """Lay the manifest's files out under root/<owner+name>/<path>, checking each sha256."""
    problems = []
    for repo, commit, path, digest in read_tsv(os.path.join(data, "manifest.tsv")):
        try:
            blob = git(gitdir_of(mirror, repo), "show", f"{commit}:{path}")
        except subprocess.CalledProcessError:
            problems.append(f"{repo}@{commit[:12]}:{path} not found")
            continue
        if hashlib.sha256(blob).hexdigest() != digest:
            problems.append(f"{repo}:{path} has another sha256")
            continue
        dest = os.path.join(root, repo.replace("/", "+"), path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as f:
            f.write(blob)
    return problems


class Counts:
    def __init__(self):
        self.tp = self.fp = self.fn = self.tn = 0

    def add(self, label, flagged):
        if label:
            self.tp += flagged
            self.fn += not flagged
        else:
            self.fp += flagged
            self.tn += not flagged

    def prf(self):
        p = self.tp / max(1, self.tp + self.fp)
        r = self.tp / max(1, self.tp + self.fn)
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def row(self):
        p, r, f = self.prf()
        return (f"P {p:.3f} R {r:.3f} F1 {f:.3f} "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn}, tn {self.tn})")


def findings(binary, root):
    """Each credential finding: (repo, path, first line, last line, rank), rank 2 for an
    error, 1 for a warning."""
    out = subprocess.run([binary, "check", "--no-cache", "--isolated", "--output-format", "json",
                          "--select", ",".join(sorted(LEAK_RULES)), "."],
                         cwd=root, capture_output=True)
    if out.returncode not in (0, 1):
        sys.exit(f"connlint exited {out.returncode}: {out.stderr.decode()[:2000]}")
    found = []
    for d in json.loads(out.stdout)["diagnostics"]:
        rank = {"error": 2, "warning": 1}.get(d["severity"], 0)
        if d["rule"] not in LEAK_RULES or not rank:
            continue
        repo_dir, _, path = os.path.normpath(d["path"]).partition(os.sep)
        start, end = d["range"]["start"], d["range"]["end"]
        last = end["line"] - (end["column"] == 1 and end["line"] > start["line"])
        found.append((repo_dir.replace("+", "/", 1), path, start["line"], last, rank))
    return found


def flags(found, creds):
    """The rank each line is flagged at. A finding flags every line of its range (a
    private key block spans many); one whose range holds no credential line is a false
    alarm once, at its first line."""
    flagged, alarms = {}, {}
    for repo, path, first, last, rank in found:
        lines = [(repo, path, n) for n in range(first, last + 1)]
        if any(k in creds for k in lines):
            for k in lines:
                if k in creds:
                    flagged[k] = max(flagged.get(k, 0), rank)
        else:
            k = lines[0]
            alarms[k] = max(alarms.get(k, 0), rank)
    return flagged, alarms


def keys_once(labels, flagged):
    """Labels with each private key's body counted once: a run of consecutive `key-block`
    lines of one file becomes its first line, flagged at the best rank of any of them (a
    key is one credential, however many lines its base64 takes)."""
    kept, run = [], None
    for row in labels:
        repo, path, line, _digest, label, why, *_ = row
        key = (repo, path, int(line))
        if label == "cred" and why == "key-block":
            if run and run[0][:2] == key[:2] and run[-1][2] + 1 == key[2]:
                run.append(key)
                flagged[run[0]] = max(flagged.get(run[0], 0), flagged.get(key, 0))
                continue
            run = [key]
        else:
            run = None
        kept.append(row)
    return kept, {(r[0], r[1], int(r[2])) for r in kept if r[4] == "cred"}


def score(args):
    data = os.path.join(HERE, args.set)
    labels = read_tsv(os.path.join(data, "labels.tsv"))
    with tempfile.TemporaryDirectory() as root:
        problems = rebuild(args.mirror, root, data)
        if problems:
            sys.exit("cannot rebuild the set:\n  " + "\n  ".join(problems))
        texts = {}
        stale = []
        for repo, path, line, digest, *_ in labels:
            if (repo, path) not in texts:
                with open(os.path.join(root, repo.replace("/", "+"), path), "rb") as f:
                    texts[repo, path] = f.read().decode("utf-8", "surrogateescape").split("\n")
            text = texts[repo, path][int(line) - 1].rstrip("\r")
            if line_hash(text) != digest:
                stale.append(f"{repo}:{path}:{line}")
        if stale:
            sys.exit("labels do not match their lines:\n  " + "\n  ".join(stale[:20]))
        found = findings(args.binary, root)
    creds = {(r[0], r[1], int(r[2])) for r in labels if r[4] == "cred"}
    flagged, alarms_at = flags(found, creds)
    if args.keys_once:
        labels, creds = keys_once(labels, flagged)
    levels = {"error": 2, "warning+": 1}
    total = {lv: Counts() for lv in levels}
    by = collections.defaultdict(lambda: {lv: Counts() for lv in levels})
    misses, alarms = [], []
    labelled = set()
    for repo, path, line, _digest, label, why, *_ in labels:
        cred = label == "cred"
        key = (repo, path, int(line))
        labelled.add(key)
        got = flagged.get(key, 0) if cred else alarms_at.get(key, 0)
        for lv, need in levels.items():
            hit = got >= need
            total[lv].add(cred, hit)
            by[("shape" if cred else "reason", why)][lv].add(cred, hit)
            by[("kind", kind_of(path))][lv].add(cred, hit)
        if cred and got < 1:
            misses.append(f"{repo}:{path}:{line} [{why}]")
        if not cred and got >= 1:
            alarms.append(f"{repo}:{path}:{line} [{why}]")
    unlabelled = [k for k, v in alarms_at.items() if k not in labelled]
    for k in unlabelled:
        for lv, need in levels.items():
            total[lv].fp += alarms_at[k] >= need
    result = {"lines": len(labels), "credentials": len(creds), "unlabelled_flags": len(unlabelled)}
    for lv in levels:
        p, r, f = total[lv].prf()
        result[lv] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
    failed = [f"{lv} {what} {result[lv][what]} < {floor}"
              for lv in levels for what, floor in (("f1", args.min_f1), ("precision", args.min_precision))
              if floor is not None and result[lv][what] < floor and lv == "warning+"]
    if args.json:
        print(json.dumps(result, indent=2))
        sys.exit(1 if failed else 0)
    print(f"{len(labels)} labelled lines, {len(creds)} credentials, "
          f"{len({(r[0], r[1]) for r in labels})} files, {len({r[0] for r in labels})} repositories")
    for lv in levels:
        print(f"{lv:9} {total[lv].row()}")
    print(f"flagged lines with no label (counted as false alarms): {len(unlabelled)}")
    for group in ("kind", "shape", "reason"):
        print(f"\nper {group} (warning+ | error)")
        for (g, name), c in sorted(by.items()):
            if g == group:
                print(f"  {name:22} {c['warning+'].row()}  |  F1 {c['error'].prf()[2]:.3f}")
    if args.verbose:
        print("\nmissed:\n  " + "\n  ".join(misses))
        print("\nfalse alarms:\n  " + "\n  ".join(alarms))
        print("\nflagged, unlabelled:\n  " + "\n  ".join(f"{r}:{p}:{n}" for r, p, n in unlabelled))
    if failed:
        sys.exit("below the floor: " + "; ".join(failed))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("select")
    s.add_argument("--mirror", default="/work/.mirror")
    s.add_argument("--repo", required=True)
    s.add_argument("--seed", default="25")
    s.add_argument("--manifest", required=True)
    s.add_argument("--lines", required=True)
    s.add_argument("--max-lines", type=int, default=400, help="skip longer files")
    s.add_argument("--random-files", type=int, default=2)
    s.add_argument("--keyword-files", type=int, default=8)
    s.add_argument("--focus", action="store_true",
                   help="weigh keyword files by the round-3 classes' keywords")
    s.set_defaults(run=select)
    c = sub.add_parser("score")
    c.add_argument("--mirror", default=os.environ.get("CONNLINT_MIRROR", "/work/.mirror"))
    c.add_argument("--binary", default=os.path.join(HERE, "..", "target", "release", "connlint"))
    c.add_argument("--set", default="real-eval",
                   help="the folder under benches/ holding manifest.tsv and labels.tsv")
    c.add_argument("--json", action="store_true")
    c.add_argument("-v", "--verbose", action="store_true")
    c.add_argument("--keys-once", action="store_true",
                   help="count each private key's body lines as one credential")
    c.add_argument("--min-f1", type=float, help="exit 1 when warning+ F1 is below this")
    c.add_argument("--min-precision", type=float,
                   help="exit 1 when warning+ precision is below this")
    c.set_defaults(run=score)
    args = ap.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
