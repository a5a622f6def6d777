"""connlint, a fast linter for Workato connector source code.

The wheel ships the native ``connlint`` executable in the environment's scripts
directory; this package only helps to find and run it (``python -m connlint``).
"""

from __future__ import annotations

import os
import sys
import sysconfig

__all__ = ["find_connlint_bin"]


def _candidate_dirs() -> list[str]:
    """Where an installer may have put the ``connlint`` executable, most likely first."""
    dirs = []
    # The environment this interpreter runs in (a venv, or the base install).
    dirs.append(sysconfig.get_path("scripts"))
    # `pip install --user`: the user scheme's scripts directory.
    if sys.version_info >= (3, 10):
        user_scheme = sysconfig.get_preferred_scheme("user")
    elif os.name == "nt":
        user_scheme = "nt_user"
    elif sys.platform == "darwin" and sys._framework:  # type: ignore[attr-defined]
        user_scheme = "osx_framework_user"
    else:
        user_scheme = "posix_user"
    try:
        dirs.append(sysconfig.get_path("scripts", scheme=user_scheme))
    except KeyError:
        pass
    # `pip install --target DIR`: the scripts go to DIR/bin, beside this package's parent.
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dirs.append(os.path.join(package_parent, "bin"))
    seen = []
    for d in dirs:
        if d and d not in seen:
            seen.append(d)
    return seen


def find_connlint_bin() -> str:
    """Return the path of the installed ``connlint`` executable.

    Raises FileNotFoundError, naming the directories looked in, when there is none.
    """
    name = "connlint" + (sysconfig.get_config_var("EXE") or "")
    dirs = _candidate_dirs()
    for d in dirs:
        path = os.path.join(d, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise FileNotFoundError(
        f"the {name} executable is not in any of: {', '.join(dirs)}; "
        "reinstall the connlint wheel (pip install --force-reinstall connlint)"
    )
