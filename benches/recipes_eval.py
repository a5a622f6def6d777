#!/usr/bin/env python3
"""Precision of the package and recipe rules on public Workato packages (issue 26).

The corpus is public repositories holding recipe exports and custom connector packages,
pinned in benches/recipes-eval/manifest.tsv (repository, commit, path inside it: a
directory, or a zip that lived at that commit). Their files are never committed: the
script reads them from the mirrors `fetch` leaves under --mirror.

  recipes_eval.py sample --binary target/release/connlint   # counts + a fixed-seed sample
  recipes_eval.py score                                     # precision from labels.tsv

`sample` prints the findings per rule and writes sample.tsv: at most 10 findings per
rule, drawn with a fixed seed, for a reviewer who did not write the rules to label in
labels.tsv (id, TP/FP, note). `score` prints precision per rule and fails (exit 1) if a
rule at warning or error is under --min-precision.
"""
import argparse
import collections
import csv
import io
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "recipes-eval")
PACKAGE_RULES = {
    "invalid-package-file", "credential-in-connection-file", "unshipped-custom-connector",
    "unused-custom-connector", "missing-recipe-description", "complex-recipe",
    "uncommented-recipe-steps", "invalid-package-metadata",
}
PACKAGE_SUFFIXES = (".recipe.json", ".connection.json", ".custom_adapter.json", ".custom_adapter.rb")


def manifest():
    with open(os.path.join(DATA, "manifest.tsv")) as f:
        return [r for r in csv.DictReader(f, delimiter="\t")]


def materialize(row, mirror, into):
    """The manifest row's tree or zip under `into`, from the mirror; returns its path."""
    git = os.path.join(mirror, row["repo"].replace("/", "+"), "repo")
    target = os.path.join(into, row["repo"].replace("/", "+") + "@" + row["commit"][:8])
    if row["path"].endswith(".zip"):
        os.makedirs(target, exist_ok=True)
        out = os.path.join(target, os.path.basename(row["path"]))
        with open(out, "wb") as f:
            f.write(subprocess.run(["git", "--git-dir", git, "show", f"{row['commit']}:{row['path']}"],
                                   check=True, capture_output=True).stdout)
        return out
    if not os.path.isdir(target):
        os.makedirs(target)
        tar = subprocess.run(["git", "--git-dir", git, "archive", row["commit"], row["path"]],
                             check=True, capture_output=True).stdout
        tarfile.open(fileobj=io.BytesIO(tar)).extractall(target, filter="data")
    return os.path.join(target, row["path"])


def in_scope(d):
    path = d["path"]
    if d["rule"] in PACKAGE_RULES:
        return True
    # Credential and listing findings count where the package layout produced them; the
    # code rules on a `.custom_adapter.rb` are the connector evals' to measure.
    packaged = path.split("!/")[-1].endswith(PACKAGE_SUFFIXES[:3]) or ".zip!/" in path
    return packaged and d["category"] in ("security", "listing")


def run(binary, root):
    out = subprocess.run([binary, "check", "--no-cache", "--output-format", "json", "--fail-on", "info", root],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"{root}: connlint exited {out.returncode}: {out.stderr}")
    return json.loads(out.stdout)["diagnostics"]


def sample(args):
    rows, findings = manifest(), []
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows:
            root = materialize(row, args.mirror, tmp)
            for d in run(args.binary, root):
                if in_scope(d):
                    rel = os.path.relpath(d["path"].split("!/")[0], tmp)
                    inner = d["path"].split("!/")[1] if "!/" in d["path"] else ""
                    findings.append((d["rule"], d["severity"], row["repo"], rel + ("!/" + inner if inner else ""),
                                     d["range"]["start"]["line"], d["range"]["start"]["column"], d["message"]))
    counts = collections.Counter((f[0], f[1]) for f in findings)
    print(f"{len(findings)} findings in {len(rows)} corpus roots")
    for (rule, severity), n in sorted(counts.items()):
        print(f"  {rule:32} {severity:8} {n}")
    rng = random.Random(26)
    chosen = []
    for rule in sorted({f[0] for f in findings}):
        of_rule = sorted(f for f in findings if f[0] == rule)
        chosen += rng.sample(of_rule, min(10, len(of_rule)))
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(["id", "rule", "severity", "repo", "path", "line", "column", "message"])
        for i, c in enumerate(chosen, 1):
            w.writerow([i, *c])
    print(f"sample of {len(chosen)} written to {args.out}")


def score(args):
    with open(os.path.join(DATA, "labels.tsv")) as f:
        labels = list(csv.DictReader(f, delimiter="\t"))
    per = collections.defaultdict(lambda: [0, 0, ""])
    for row in labels:
        p = per[row["rule"]]
        p[0 if row["label"] == "TP" else 1] += 1
        p[2] = row["severity"]
    failed = False
    for rule, (tp, fp, severity) in sorted(per.items()):
        precision = tp / (tp + fp)
        mark = ""
        if severity in ("warning", "error") and precision < args.min_precision:
            failed, mark = True, "  < --min-precision"
        print(f"{rule:32} {severity:8} TP {tp:2} FP {fp:2} precision {precision:.2f}{mark}")
    sys.exit(1 if failed else 0)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--binary", default="target/release/connlint")
    s.add_argument("--mirror", default="/work/.mirror")
    s.add_argument("--out", default=os.path.join(DATA, "sample.tsv"))
    s.set_defaults(func=sample)
    c = sub.add_parser("score")
    c.add_argument("--min-precision", type=float, default=0.9)
    c.set_defaults(func=score)
    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
