#!/usr/bin/env bash
# Whole-process comparison with other scanners; see compare.py for what it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 benches/compare.py "$@"
