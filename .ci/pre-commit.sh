#!/usr/bin/env bash
# End to end with the real pre-commit framework: install the hook from a clone of this
# repository at HEAD into a throwaway project, see it block a commit that leaks an OAuth
# client secret (with the value redacted), then let the fixed commit through.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PATH="$work/venv/bin:$PATH"
export PRE_COMMIT_HOME="$work/pre-commit-home"
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@localhost
export GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@localhost

git clone --quiet "$repo" "$work/connlint"
rev="$(git -C "$work/connlint" rev-parse HEAD)"

project="$work/project"
mkdir -p "$project"
cd "$project"
git init --quiet
# A value made now, so that no credential-shaped text is committed here.
secret="$(python3 -c 'import secrets,string; a=string.ascii_letters+string.digits; print("".join(secrets.choice(a) for _ in range(32)))')"
cat > README.md <<'MD'
# Ticketdesk connector

Create Ticketdesk tickets from recipes. Support: support@ticketdesk.io, documentation
at https://docs.ticketdesk.io/workato.
MD
write_connector() {
  cat > connector.rb <<RB
{
  title: 'Ticketdesk',
  connection: {
    fields: [
      { name: 'client_id', label: 'Client ID', optional: false, hint: 'From the app settings page' },
      { name: 'client_secret', label: 'Client secret', control_type: 'password', optional: false, hint: 'From the app settings page' }
    ],
    authorization: {
      type: 'oauth2',
      authorization_url: lambda do |connection|
        "https://ticketdesk.example/oauth/authorize?client_id=#{connection['client_id']}&response_type=code"
      end,
      acquire: lambda do |connection, auth_code, redirect_uri|
        post('https://ticketdesk.example/oauth/token')
          .payload(client_id: connection['client_id'], client_secret: $1,
                   grant_type: 'authorization_code', code: auth_code, redirect_uri: redirect_uri)
          .request_format_www_form_urlencoded
      end,
      apply: lambda do |_connection, access_token|
        headers('Authorization' => "Bearer #{access_token}")
      end
    },
    base_uri: ->(_connection) { 'https://api.ticketdesk.example' }
  },
  test: ->(_connection) { get('/v1/me') }
}
RB
}
write_connector "'$secret'"
# The README's own snippet writes the config and installs the hook, run as written.
python3 - "$repo/README.md" >"$work/readme-snippet.sh" <<'PY'
import sys
text = open(sys.argv[1]).read()
marker = "with `CONNLINT` set to the path of your connlint clone:\n\n```sh\n"
start = text.index(marker) + len(marker)
print(text[start:text.index("```\n", start)], end="")
PY
CONNLINT="$work/connlint" bash -eu "$work/readme-snippet.sh"
grep -q "rev: $rev" .pre-commit-config.yaml || { cat .pre-commit-config.yaml; echo "FAIL: the README snippet did not pin $rev" >&2; exit 1; }
git add .

echo "pre-commit: committing a leaking connector (must be blocked)"
if git commit --quiet -m leak >"$work/blocked.txt" 2>&1; then
  cat "$work/blocked.txt"
  echo "FAIL: the hook let a hardcoded client secret through" >&2
  exit 1
fi
cat "$work/blocked.txt"
grep -q 'hardcoded-oauth-client-credential' "$work/blocked.txt" \
  || { echo "FAIL: the finding is not in the hook's output" >&2; exit 1; }
if grep -qF "$secret" "$work/blocked.txt"; then
  echo "FAIL: the hook printed the secret in full" >&2
  exit 1
fi

echo "pre-commit: committing the fixed connector (must pass)"
write_connector "connection['client_secret']"
git add .
git commit --quiet -m fixed
echo "pre-commit: hook installed, blocked the leak with the value redacted, passed the fix"

# pre-push: a leak committed (past the commit hook) and removed in the next commit is still
# in what a push publishes; the history hook must stop the push, and let a clean one go.
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $work/connlint
    rev: $rev
    hooks:
      - id: connlint-history
YAML
git add .pre-commit-config.yaml
git commit --quiet -m "history hook" --no-verify
pre-commit install --hook-type pre-push
git init --quiet --bare "$work/remote.git"
git remote add origin "$work/remote.git"
git push --quiet origin HEAD:refs/heads/main
write_connector "'$secret'"
git commit --quiet -am "leak again" --no-verify
write_connector "connection['client_secret']"
git commit --quiet -am "and remove it" --no-verify

echo "pre-push: pushing a leak that a later commit removed (must be blocked)"
if git push --quiet origin HEAD:refs/heads/main >"$work/push.txt" 2>&1; then
  cat "$work/push.txt"
  echo "FAIL: the pre-push hook let a secret in history through" >&2
  exit 1
fi
cat "$work/push.txt"
grep -q 'removed in .* but still in history' "$work/push.txt" \
  || { echo "FAIL: the finding does not say the secret is still in history" >&2; exit 1; }
if grep -qF "$secret" "$work/push.txt"; then
  echo "FAIL: the pre-push hook printed the secret in full" >&2
  exit 1
fi

echo "pre-push: pushing clean commits (must pass)"
git reset --quiet --hard HEAD~2
echo "More docs." >> README.md
git commit --quiet -am "docs"
git push --quiet origin HEAD:refs/heads/main
echo "pre-push: blocked the push of a removed-but-committed secret, passed a clean push"

# Batches: pre-commit splits the files of a hook without `require_serial` over one process
# per core. connlint's hook is serial, so a project finding (here: no support contact in
# the README) is printed once however many files change; a probe hook that is not serial
# shows that pre-commit did split these files.
batched="$work/batched"
mkdir -p "$batched/lib"
cd "$batched"
git init --quiet
printf '# Ticketdesk connector\n\nCreate tickets from recipes.\n' > README.md
write_connector "connection['client_secret']"
for i in 1 2 3 4 5 6 7 8; do printf 'module Helper%s\n  def self.name = "h%s"\nend\n' "$i" "$i" > "lib/helper_$i.rb"; done
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $work/connlint
    rev: $rev
    hooks:
      - id: connlint
  - repo: local
    hooks:
      - id: probe
        name: probe
        entry: sh -c 'echo probe-batch'
        language: system
        types: [file]
        verbose: true
YAML
git add .
pre-commit run --all-files >"$work/batched.txt" 2>&1 || true
cat "$work/batched.txt"
batches="$(grep -c '^probe-batch' "$work/batched.txt" || true)"
[ "$batches" -ge 2 ] || { echo "FAIL: pre-commit ran the probe in $batches batch(es); this check needs two" >&2; exit 1; }
printed="$(grep -c 'missing-support-contact' "$work/batched.txt" || true)"
[ "$printed" = 1 ] || { echo "FAIL: the project finding was printed $printed times over $batches batches" >&2; exit 1; }
echo "pre-commit: $batches batches for a serial-free hook, connlint's project finding printed once"
