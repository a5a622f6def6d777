#!/usr/bin/env python3
"""Precision review sheet: a fixed-seed sample of findings per rule on real connectors.

Runs connlint (release build) over a folder of public connector repositories that you
fetch yourself (never committed: read them, do not copy them), samples up to N findings
of each rule with a fixed seed, and writes a Markdown sheet with the rule, the location,
the message, a few lines of source around the finding and an empty verdict column
(`true`, `false` or `debatable`). Review it by hand, then `--tally SHEET` prints the
per-rule precision table for benches/README.md.

    python3 benches/review.py CONNECTORS_DIR [--per-rule 20] [--seed 17] [--out target/review.md]
                              [--binary PATH] [--carry REVIEWED_SHEET]
    python3 benches/review.py --tally target/review.md

`--binary` reviews another build (an older release for the "before" column); `--carry`
copies the verdicts of identical findings (same rule, location and message) from a sheet
already reviewed, so that only new findings need reading.

The sheet quotes third-party code: keep it under target/ (ignored), never commit it.
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def findings(connectors, binary):
    if binary is None:
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target", "release", "connlint")
    out = subprocess.run(
        [binary, "check", "--output-format", "json", "--fail-on", "error", connectors],
        capture_output=True, text=True, check=False,
    )
    if out.returncode not in (0, 1):
        sys.exit(f"connlint failed: {out.stderr.strip()[-400:]}")
    return json.loads(out.stdout)["diagnostics"]


def context(path, line, around=2):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return ""
    lo, hi = max(1, line - around), min(len(lines), line + around)
    return "\n".join(f"{n:>5} | {lines[n - 1]}" for n in range(lo, hi + 1))


def reviewed(sheet):
    """Verdicts of a reviewed sheet, by (rule, location, message)."""
    verdicts, rule, location, message = {}, None, None, None
    with open(sheet, encoding="utf-8") as f:
        for line in f:
            if line.startswith("## "):
                rule = line[3:].split(" (", 1)[0]
            elif line.startswith("### "):
                location = line[4:].strip()
            elif line.startswith(("error: ", "warning: ")):
                message = line.strip()
            elif line.startswith("verdict:"):
                verdict = line.split(":", 1)[1].strip()
                if verdict:
                    verdicts[(rule, location, message)] = verdict
    return verdicts


def write_sheet(diagnostics, per_rule, seed, out, carried):
    by_rule = collections.defaultdict(list)
    for d in diagnostics:
        if d["severity"] in ("error", "warning"):
            by_rule[d["rule"]].append(d)
    rng = random.Random(seed)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(f"# Review sheet (seed {seed}, up to {per_rule} per rule)\n\n")
        for rule in sorted(by_rule):
            found = by_rule[rule]
            sample = rng.sample(found, min(per_rule, len(found)))
            f.write(f"## {rule} ({len(found)} findings, {len(sample)} sampled)\n\n")
            for d in sample:
                line = d["range"]["start"]["line"]
                location = f"{d['path']}:{line}"
                message = f"{d['severity']}: {d['message']}"
                verdict = carried.get((rule, location, message), "")
                f.write(f"### {location}\n\n{message}\n\n")
                f.write("```\n" + context(d["path"], line) + f"\n```\n\nverdict: {verdict}\n\n")
    print(f"wrote {out}: {sum(len(v) for v in by_rule.values())} findings, {len(by_rule)} rules")


def tally(sheet):
    rows = collections.OrderedDict()
    rule = None
    with open(sheet, encoding="utf-8") as f:
        for line in f:
            if line.startswith("## "):
                name, rest = line[3:].split(" (", 1)
                rule = name
                rows[rule] = {"findings": int(rest.split()[0]), "sampled": 0,
                              "true": 0, "false": 0, "debatable": 0}
            elif line.startswith("verdict:") and rule:
                verdict = line.split(":", 1)[1].strip().lower()
                rows[rule]["sampled"] += 1
                if verdict in ("true", "false", "debatable"):
                    rows[rule][verdict] += 1
    print("| rule | findings | sampled | true | false | debatable | precision |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in rows.items():
        judged = r["true"] + r["false"]
        precision = f"{r['true'] / judged:.0%}" if judged else "—"
        print(f"| `{name}` | {r['findings']} | {r['sampled']} | {r['true']} | {r['false']} "
              f"| {r['debatable']} | {precision} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("connectors", nargs="?")
    ap.add_argument("--per-rule", type=int, default=20)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "review.md"))
    ap.add_argument("--binary")
    ap.add_argument("--carry")
    ap.add_argument("--tally")
    args = ap.parse_args()
    if args.tally:
        tally(args.tally)
    elif args.connectors:
        carried = reviewed(args.carry) if args.carry else {}
        write_sheet(findings(args.connectors, args.binary), args.per_rule, args.seed, args.out, carried)
    else:
        ap.error("give CONNECTORS_DIR or --tally SHEET")


if __name__ == "__main__":
    main()
