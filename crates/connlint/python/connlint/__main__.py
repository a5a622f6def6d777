"""``python -m connlint ARGS``: run the installed ``connlint`` executable with ARGS."""

from __future__ import annotations

import os
import subprocess
import sys

from connlint import find_connlint_bin


def main() -> int:
    try:
        exe = find_connlint_bin()
    except FileNotFoundError as err:
        print(f"connlint: {err}", file=sys.stderr)
        return 2
    args = [exe, *sys.argv[1:]]
    if sys.platform == "win32":
        # Windows has no exec that keeps the console's process: wait for the child and
        # hand its exit code on.
        try:
            return subprocess.run(args).returncode
        except KeyboardInterrupt:
            return 130
    # Replace this process, so that signals, stdio (the language server's pipes) and the
    # exit code are the binary's own.
    os.execv(exe, args)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
