#!/usr/bin/env bash
# The CI templates of crates/connlint/ci (issue 37), run as written so that they cannot
# rot: the `run:` steps of the GitHub Actions workflow, each in its own bash as Actions
# runs them, and the `script:` of the GitLab job, in one shell as a runner runs it. The
# `uses:` steps (checkout, upload-sarif) are GitHub's own and are left out. Each template
# runs twice, in a fresh git repository holding a connector project:
#   clean    fixtures/projects/good: every step passes; connlint.sarif is SARIF 2.1.0
#            with no results
#   leaking  the same with an API key written into the connector: the SARIF step passes
#            and records the finding (value redacted), the last step fails with exit 1
# CONNLINT_GIT is this repository, so what the templates install is its HEAD commit. The
# release build reuses $CARGO_TARGET_DIR (else target/), where .ci/packages.sh built.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

if ! python3 -c 'import yaml' 2>/dev/null; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml >/dev/null
fi

# Writes each template's shell steps to $work/<template>/NN.sh, refusing what this script
# could not run as the CI service would (expressions in commands, per-step shells,
# directories or conditions, other `uses:` steps), and checks that the README shows both
# files as they are.
python3 - "$repo/crates/connlint/ci" "$work" <<'PY'
import os, re, sys, yaml

ci, out = sys.argv[1:]

def write(template, steps):
    os.makedirs(os.path.join(out, template))
    for i, (name, text) in enumerate(steps):
        if "${{" in text:
            sys.exit(f"FAIL: {template}: step `{name}` uses a GitHub expression")
        with open(os.path.join(out, template, f"{i:02}.sh"), "w") as f:
            f.write(f"# {name}\n{text}\n")

workflow = yaml.safe_load(open(os.path.join(ci, "github-actions.yml")))
(job,) = workflow["jobs"].values()
for name, value in job.get("env", {}).items():
    if value != "${{ vars.%s }}" % name:
        sys.exit(f"FAIL: github-actions.yml: env {name} is not the repository variable {name}")
steps, skipped = [], []
for step in job["steps"]:
    if "uses" in step:
        skipped.append(step["uses"].split("@")[0])
        continue
    extra = set(step) - {"name", "run"}
    if extra:
        sys.exit(f"FAIL: github-actions.yml: step `{step.get('name')}` has {sorted(extra)}")
    steps.append((step.get("name", step["run"]), step["run"]))
if skipped != ["actions/checkout", "github/codeql-action/upload-sarif"]:
    sys.exit(f"FAIL: github-actions.yml: unexpected `uses:` steps {skipped}")
write("github", steps)

gitlab = yaml.safe_load(open(os.path.join(ci, "gitlab-ci.yml")))
(job,) = gitlab.values()
extra = set(job) - {"image", "script", "artifacts"}
if extra:
    sys.exit(f"FAIL: gitlab-ci.yml: the job has {sorted(extra)}")
write("gitlab", [("script", "\n".join(job["script"]))])

readme = open(os.path.join(ci, "..", "..", "..", "README.md")).read()
for name in ("github-actions.yml", "gitlab-ci.yml"):
    if "```yaml\n" + open(os.path.join(ci, name)).read() + "```\n" not in readme:
        sys.exit(f"FAIL: README.md's CI section does not hold {name} as it is")
PY

export CONNLINT_GIT="file://$repo"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
secret="$(python3 -c 'import secrets,string; a=string.ascii_letters+string.digits; print("".join(secrets.choice(a) for _ in range(32)))')"

# project NAME clean|leaking: a git repository holding the connector project.
project() {
  local dir="$work/$1-$2"
  cp -r "$repo/fixtures/projects/good" "$dir"
  if [ "$2" = leaking ]; then
    sed -i "s/connection\['api_key'\]/'$secret'/" "$dir/connector.rb"
    grep -qF "$secret" "$dir/connector.rb" || fail "the API key was not written into the connector"
  fi
  git -C "$dir" init --quiet
  git -C "$dir" add .
  echo "$dir"
}

# check_sarif FILE COUNT: FILE is connlint's SARIF 2.1.0 with COUNT results, no secret.
check_sarif() {
  python3 - "$1" "$2" "$secret" <<'PY'
import json, sys
path, count, secret = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(path).read()
sarif = json.loads(text)
assert sarif["version"] == "2.1.0", sarif["version"]
run = sarif["runs"][0]
assert run["tool"]["driver"]["name"] == "connlint", run["tool"]["driver"]
rules = [r["ruleId"] for r in run["results"]]
assert len(rules) == count, rules
assert count == 0 or "hardcoded-credential" in rules, rules
assert secret not in text, "the SARIF file holds the API key"
PY
}

# run_template TEMPLATE KIND: runs its steps in a fresh project, prints the index of the
# step that failed (none: -1) and its exit code.
run_template() {
  local template="$1" dir code step
  dir="$(project "$template" "$2")"
  export CARGO_INSTALL_ROOT="$work/root-$template"
  : >"$work/$template-$2.log"
  for step in "$work/$template"/*.sh; do
    code=0
    (cd "$dir" && PATH="$CARGO_INSTALL_ROOT/bin:$PATH" \
      bash --noprofile --norc -eo pipefail "$step") >>"$work/$template-$2.log" 2>&1 || code=$?
    if [ "$code" != 0 ]; then
      echo "$(basename "$step" .sh) $code"
      return
    fi
  done
  echo "-1 0"
}

for template in github gitlab; do
  last="$(ls "$work/$template" | tail -n 1)"
  last="${last%.sh}"
  read -r step code < <(run_template "$template" clean)
  [ "$step" = -1 ] || { cat "$work/$template-clean.log"; fail "$template: step $step failed (exit $code) on a clean project"; }
  [ -x "$work/root-$template/bin/connlint" ] || fail "$template: the install step installed no connlint"
  check_sarif "$work/$template-clean/connlint.sarif" 0 || fail "$template: bad SARIF of the clean project"
  echo "ci template ($template): every step passes on a clean project"

  read -r step code < <(run_template "$template" leaking)
  [ "$step" = "$last" ] && [ "$code" = 1 ] \
    || { cat "$work/$template-leaking.log"; fail "$template: expected the last step to fail with exit 1, got step $step exit $code"; }
  grep -q 'hardcoded-credential' "$work/$template-leaking.log" || fail "$template: the failing step did not name the finding"
  if grep -qF "$secret" "$work/$template-leaking.log"; then fail "$template: the log holds the API key"; fi
  check_sarif "$work/$template-leaking/connlint.sarif" 1 || fail "$template: bad SARIF of the leaking project"
  echo "ci template ($template): the SARIF holds the leak (redacted) and the last step fails"
done
