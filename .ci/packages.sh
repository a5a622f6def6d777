#!/usr/bin/env bash
# connlint without a Rust toolchain (issue 28), end to end: build the wheel with maturin
# and the gems with RubyGems, then install and use each with cargo and rustc off PATH:
#   wheel       fresh venv: `connlint check` of the example (10 problems, exit 1),
#               `python -m connlint`, an LSP initialize/shutdown round trip
#   gems        the platform gem into a fresh GEM_HOME; the plain `ruby` fallback gem
#               (exit 2 with build instructions); a `workato new`-style project with
#               `gem "connlint"` in its Gemfile: `bundle exec connlint check`, `rake connlint`
#   pre-commit  the Python hook of crates/connlint/pre-commit-mirror (language: python,
#               installing the wheel) blocks a commit that leaks an OAuth client secret,
#               then passes the fix
# and prints the packages' sizes and the timings. Needs Rust and Python; installs the rest
# (maturin and pre-commit from PyPI, Ruby from Debian). Builds into $CARGO_TARGET_DIR when
# the caller sets it, else target/.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work" "$repo/crates/connlint/gem/libexec"' EXIT
cd "$repo"

fail() { echo "FAIL: $*" >&2; exit 1; }
declare -a timings=()
# timed LABEL CMD...: run CMD, record how long it took; its exit code is CMD's.
timed() {
  local label="$1" start end code=0
  shift
  start="$(date +%s%N)"
  "$@" || code=$?
  end="$(date +%s%N)"
  timings+=("$(awk -v l="$label" -v ns="$((end - start))" 'BEGIN { printf "%-46s %6.1f s", l, ns / 1e9 }')")
  return "$code"
}
size() {
  awk -v f="$(basename "$1")" -v b="$(stat -c %s "$1")" 'BEGIN {
    if (b >= 1048576) printf "%-46s %6.1f MB (%d bytes)", f, b / 1048576, b
    else printf "%-46s %6.1f KB (%d bytes)", f, b / 1024, b }'
}

export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@localhost
export GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@localhost
export PIP_DISABLE_PIP_VERSION_CHECK=1

# ---------------------------------------------------------------- tools
need_apt=()
for tool in ruby:ruby gem:ruby bundle:bundler rake:rake git:git; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need_apt+=("${tool#*:}")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "packages: installing ${need_apt[*]} from Debian"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
python3 -m venv "$work/tools"
timed "pip install maturin pre-commit" \
  "$work/tools/bin/pip" install --quiet maturin pre-commit

# A PATH without the Rust toolchain: system directories that hold no cargo or rustc.
clean_path=""
for dir in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
  [ -d "$dir" ] && [ ! -e "$dir/cargo" ] && [ ! -e "$dir/rustc" ] && clean_path="${clean_path:+$clean_path:}$dir"
done
# without_rust DIR CMD...: run CMD with DIR (a venv's or GEM_HOME's bin) and the clean PATH.
without_rust() {
  local dir="$1"
  shift
  env PATH="$dir:$clean_path" "$@"
}
without_rust "$work/tools/bin" sh -c '! command -v cargo && ! command -v rustc' >/dev/null \
  || fail "cargo or rustc is still on the clean PATH ($clean_path)"

version="$(cargo metadata --no-deps --format-version 1 \
  | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "connlint"))')"
commit="$(git rev-parse --short HEAD 2>/dev/null || true)"
expected_version="connlint $version${commit:+ ($commit)}"
echo "packages: connlint $version, commit ${commit:-none}"

cat >"$work/lsp.py" <<'PY'
"""Send `initialize` to a language server over stdio (Content-Length framing), read its
reply, then `initialized`, `shutdown` and `exit`; fail unless it answers and exits 0."""
import json, subprocess, sys, threading

proc = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
watchdog = threading.Timer(30, proc.kill)
watchdog.start()

def send(message):
    body = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()

def receive():
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            sys.exit("FAIL: the server closed its output before replying")
        if not line.strip():
            break
        name, _, value = line.decode().partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    return json.loads(proc.stdout.read(length))

def reply_to(request_id):
    while True:  # skip the notifications sent in between
        message = receive()
        if message.get("id") == request_id and "method" not in message:
            return message

send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
      "params": {"processId": None, "rootUri": None, "capabilities": {}}})
reply = reply_to(1)
capabilities = (reply.get("result") or {}).get("capabilities")
if not capabilities:
    sys.exit(f"FAIL: no capabilities in the initialize reply: {reply}")
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
if "error" in reply_to(2):
    sys.exit("FAIL: shutdown answered with an error")
send({"jsonrpc": "2.0", "method": "exit", "params": None})
code = proc.wait()
watchdog.cancel()
if code != 0:
    sys.exit(f"FAIL: the server exited with {code}")
print(f"LSP: {' '.join(sys.argv[1:])}: initialize answered "
      f"({', '.join(sorted(capabilities))}), shutdown and exit clean")
PY

# check_example LABEL CMD...: CMD lints fixtures/example: 10 problems, exit 1.
check_example() {
  local label="$1" code=0
  shift
  "$@" >"$work/example.txt" 2>&1 || code=$?
  [ "$code" = 1 ] || { cat "$work/example.txt"; fail "$label: exit $code, expected 1"; }
  grep -q '^Found 10 problems' "$work/example.txt" \
    || { cat "$work/example.txt"; fail "$label: no 'Found 10 problems' summary"; }
  echo "$label: $(tail -n 1 "$work/example.txt") exit 1"
}
# check_version LABEL CMD...: CMD prints "connlint VERSION (COMMIT)".
check_version() {
  local label="$1" out
  shift
  out="$("$@")"
  [ "$out" = "$expected_version" ] || fail "$label: printed '$out', expected '$expected_version'"
  echo "$label: $out"
}

# ---------------------------------------------------------------- wheel
echo "wheel: maturin build --release"
timed "maturin build --release (wheel)" \
  "$work/tools/bin/maturin" build --release --quiet --out "$work/dist"
wheels=("$work"/dist/connlint-*.whl)
[ ${#wheels[@]} = 1 ] || fail "expected one wheel, got: ${wheels[*]}"
wheel="${wheels[0]}"
case "$(basename "$wheel")" in
  "connlint-$version-py3-none-manylinux_"*) ;;
  *) fail "the wheel is not a manylinux wheel of version $version: $(basename "$wheel")" ;;
esac
echo "wheel: $(basename "$wheel")"

"$work/tools/bin/maturin" sdist --out "$work/sdist" >"$work/sdist.log" 2>&1 \
  || { cat "$work/sdist.log"; fail "maturin sdist failed"; }
sdist_files="$(tar -tzf "$work"/sdist/connlint-*.tar.gz)"
for f in pyproject.toml Cargo.toml Cargo.lock crates/connlint/build.rs rules/lexicon/verbs.txt \
  crates/connlint/python/connlint/__main__.py; do
  grep -q "^connlint-$version/$f\$" <<<"$sdist_files" || fail "the sdist lacks $f"
done
if grep -qE "^connlint-$version/(fixtures|benches|target)/" <<<"$sdist_files"; then
  fail "the sdist holds fixtures, benches or target files"
fi
echo "sdist: $(basename "$work"/sdist/connlint-*.tar.gz), $(wc -l <<<"$sdist_files") files, no fixtures/benches/target"

python3 -m venv "$work/venv"
timed "pip install connlint wheel (no Rust)" \
  without_rust "$work/venv/bin" pip install --quiet --no-index "$wheel"
check_version "wheel: connlint --version" without_rust "$work/venv/bin" connlint --version
check_version "wheel: python -m connlint --version" without_rust "$work/venv/bin" python -m connlint --version
check_example "wheel: connlint check fixtures/example" \
  without_rust "$work/venv/bin" connlint check fixtures/example
check_example "wheel: python -m connlint check fixtures/example" \
  without_rust "$work/venv/bin" python -m connlint check fixtures/example
without_rust "$work/venv/bin" python "$work/lsp.py" connlint server
without_rust "$work/venv/bin" python "$work/lsp.py" python -m connlint server

# ---------------------------------------------------------------- gems
# The platform gem packages the binary the wheel installed: the same stripped release build.
gemdir="$repo/crates/connlint/gem"
mkdir -p "$work/gems"
cd "$gemdir"
timed "gem build (platform gem)" \
  env CONNLINT_BINARY="$work/venv/bin/connlint" gem build --quiet connlint.gemspec \
  --output "$work/gems/connlint-$version-native.gem" >/dev/null
CONNLINT_GEM_PLATFORM=ruby gem build --quiet connlint.gemspec \
  --output "$work/gems/connlint-$version.gem" >/dev/null
cd "$repo"
rm -rf "$gemdir/libexec"
platform="$(ruby -e 'print Gem::Platform.local')"
platform_gem="$work/gems/connlint-$version-$platform.gem"
mv "$work/gems/connlint-$version-native.gem" "$platform_gem"
fallback_gem="$work/gems/connlint-$version.gem"
tar -xOf "$platform_gem" metadata.gz | gunzip | grep -q "^platform: $platform\$" \
  || fail "the platform gem is not for $platform"
tar -xOf "$platform_gem" data.tar.gz | tar -tz | grep -qx libexec/connlint \
  || fail "the platform gem holds no libexec/connlint"
if tar -xOf "$fallback_gem" data.tar.gz | tar -tz | grep -q '^libexec/'; then
  fail "the ruby gem holds a binary"
fi
echo "gems: $(basename "$platform_gem"), $(basename "$fallback_gem")"

export BUNDLE_USER_HOME="$work/bundle-home"
timed "gem install platform gem (no Rust)" \
  without_rust "$work/gem-home/bin" env GEM_HOME="$work/gem-home" GEM_PATH= \
  gem install --local --no-document --quiet "$platform_gem" >/dev/null
check_version "gem: connlint --version" \
  without_rust "$work/gem-home/bin" env GEM_HOME="$work/gem-home" connlint --version
check_example "gem: connlint check fixtures/example" \
  without_rust "$work/gem-home/bin" env GEM_HOME="$work/gem-home" connlint check fixtures/example
without_rust "$work/gem-home/bin" env GEM_HOME="$work/gem-home" python3 "$work/lsp.py" connlint server

without_rust "$work/fallback-home/bin" env GEM_HOME="$work/fallback-home" GEM_PATH= \
  gem install --local --no-document --quiet "$fallback_gem" >/dev/null
code=0
without_rust "$work/fallback-home/bin" env GEM_HOME="$work/fallback-home" \
  connlint check . >"$work/fallback.txt" 2>&1 || code=$?
[ "$code" = 2 ] || { cat "$work/fallback.txt"; fail "the ruby gem's connlint exited $code, expected 2"; }
for text in "no connlint binary for your platform" "x86_64-linux" "arm64-darwin" \
  "cargo install --locked --path ."; do
  grep -qF "$text" "$work/fallback.txt" || { cat "$work/fallback.txt"; fail "the ruby gem's message lacks '$text'"; }
done
echo "gem (ruby platform): connlint exits 2 and names the platforms with binaries and the source build"

# A connector project as `workato new` lays it out. Its Gemfile names RubyGems.org, as a
# real one does; `bundle install --local` resolves from the gems in vendor/cache (the two
# gems, as `bundle cache` leaves them) and the installed ones, never the network.
write_connector() { # write_connector DIR CLIENT_SECRET_EXPRESSION
  cat >"$1/connector.rb" <<RB
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
          .payload(client_id: connection['client_id'], client_secret: $2,
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
write_readme() {
  cat >"$1/README.md" <<'MD'
# Ticketdesk connector

Create Ticketdesk tickets from recipes. Support: support@ticketdesk.io, documentation
at https://docs.ticketdesk.io/workato.
MD
}
# A value made now, so that no credential-shaped text is committed here.
secret="$(python3 -c 'import secrets,string; a=string.ascii_letters+string.digits; print("".join(secrets.choice(a) for _ in range(32)))')"

project="$work/ticketdesk"
mkdir -p "$project/spec" "$project/fixtures"
write_connector "$project" "connection['client_secret']"
write_readme "$project"
mkdir -p "$project/vendor/cache"
cp "$platform_gem" "$fallback_gem" "$project/vendor/cache/"
cat >"$project/Gemfile" <<RUBY
# frozen_string_literal: true

source "https://rubygems.org"

gem "rake"

group :development do
  gem "connlint"
end
RUBY
cat >"$project/Rakefile" <<'RUBY'
require "connlint/rake_task"

Connlint::RakeTask.new
RUBY
cat >"$project/spec/connector_spec.rb" <<'RUBY'
RSpec.describe 'connector', :vcr do
  let(:connector) { Workato::Connector::Sdk::Connector.from_file('connector.rb') }
end
RUBY
printf -- '--require spec_helper\n' >"$project/.rspec"
bundle_env=(env BUNDLE_SILENCE_ROOT_WARNING=1 GEM_HOME="$work/bundle-gems" BUNDLE_GEMFILE="$project/Gemfile" BUNDLE_APP_CONFIG="$work/bundle-config")
cd "$project"
timed "bundle install --local (connlint gem)" \
  without_rust "$work/bundle-gems/bin" "${bundle_env[@]}" bundle install --local --no-cache --quiet
grep -q "connlint ($version-$platform)" Gemfile.lock || { cat Gemfile.lock; fail "Bundler did not pick the $platform gem"; }
without_rust "$work/bundle-gems/bin" "${bundle_env[@]}" bundle exec connlint check \
  || fail "bundle exec connlint check failed on a clean connector"
echo "bundle exec connlint check: the clean project passes"
without_rust "$work/bundle-gems/bin" "${bundle_env[@]}" bundle exec rake -T | grep -q '^rake connlint' \
  || fail "rake -T lists no connlint task"
without_rust "$work/bundle-gems/bin" "${bundle_env[@]}" bundle exec rake connlint \
  || fail "rake connlint failed on a clean connector"
echo "rake connlint: the clean project passes"
write_connector "$project" "'$secret'"
code=0
without_rust "$work/bundle-gems/bin" "${bundle_env[@]}" bundle exec rake connlint >"$work/rake.txt" 2>&1 || code=$?
[ "$code" != 0 ] || { cat "$work/rake.txt"; fail "rake connlint passed a hardcoded client secret"; }
grep -q 'hardcoded-oauth-client-credential' "$work/rake.txt" || { cat "$work/rake.txt"; fail "rake connlint did not name the leak"; }
if grep -qF "$secret" "$work/rake.txt"; then fail "rake connlint printed the secret in full"; fi
echo "rake connlint: fails on a hardcoded client secret (exit $code), value redacted"

# ---------------------------------------------------------------- pre-commit (Python hook)
# The mirror repository, as published, at the tag of this version; pip installs its
# `connlint==$version` from a folder holding the wheel (and setuptools, its build backend).
mirror="$work/connlint-pre-commit"
cp -r "$repo/crates/connlint/pre-commit-mirror" "$mirror"
grep -q "\"connlint==$version\"" "$mirror/pyproject.toml" || fail "the mirror does not pin connlint==$version"
grep -q "^version = \"$version\"" "$mirror/pyproject.toml" || fail "the mirror's version is not $version"
git -C "$mirror" init --quiet
git -C "$mirror" add .
git -C "$mirror" commit --quiet -m "connlint $version"
git -C "$mirror" tag "v$version"
mkdir -p "$work/wheels"
cp "$wheel" "$work/wheels/"
"$work/tools/bin/pip" download --quiet --only-binary :all: --dest "$work/wheels" setuptools
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/wheels" PRE_COMMIT_HOME="$work/pre-commit-home"

hooked="$work/hooked"
mkdir -p "$hooked"
cd "$hooked"
git init --quiet
write_readme "$hooked"
write_connector "$hooked" "'$secret'"
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $mirror
    rev: v$version
    hooks:
      - id: connlint
YAML
without_rust "$work/tools/bin" pre-commit install >/dev/null
git add .
echo "pre-commit (python hook): committing a leaking connector (must be blocked)"
code=0
timed "pre-commit first run (installs the wheel)" \
  without_rust "$work/tools/bin" git commit --quiet -m leak >"$work/blocked.txt" 2>&1 || code=$?
cat "$work/blocked.txt"
[ "$code" != 0 ] || fail "the python hook let a hardcoded client secret through"
grep -q 'hardcoded-oauth-client-credential' "$work/blocked.txt" || fail "the finding is not in the hook's output"
if grep -qF "$secret" "$work/blocked.txt"; then fail "the hook printed the secret in full"; fi
hook_env="$(find "$PRE_COMMIT_HOME" -path '*/py_env-*/bin/connlint' | head -n 1)"
[ -n "$hook_env" ] || fail "the hook's environment has no connlint executable from the wheel"
echo "pre-commit (python hook): committing the fixed connector (must pass)"
write_connector "$hooked" "connection['client_secret']"
git add .
timed "pre-commit second run" \
  without_rust "$work/tools/bin" git commit --quiet -m fixed || fail "the hook blocked the fixed connector"
echo "pre-commit (python hook): blocked the leak with the value redacted, passed the fix"

# ---------------------------------------------------------------- summary
echo
echo "packages: sizes"
echo "  $(size "$wheel")"
echo "  $(size "$platform_gem")"
echo "  $(size "$fallback_gem")"
echo "  $(size "$work/venv/bin/connlint") (installed binary)"
# The README's Install section states these sizes; it must not drift from them by more
# than a tenth.
python3 - "$repo/README.md" "$wheel" "$platform_gem" "$work/venv/bin/connlint" <<'PY' || fail "the README's package sizes drifted"
import os, re, sys
text = open(sys.argv[1]).read()
m = re.search(r"last run: wheel ([\d.]+) MB, platform gem ([\d.]+) MB, stripped binary ([\d.]+) MB", text)
if not m:
    sys.exit("the README's Install section names no sizes")
for (name, stated), path in zip(zip(("wheel", "platform gem", "binary"), m.groups()), sys.argv[2:]):
    actual = os.path.getsize(path) / 1048576
    print(f"README {name}: {stated} MB stated, {actual:.1f} MB built")
    if abs(actual - float(stated)) > 0.1 * actual:
        sys.exit(f"{name}: README says {stated} MB, the build is {actual:.1f} MB")
PY
echo "packages: timings"
for line in "${timings[@]}"; do echo "  $line"; done
echo "packages: all checks passed"
