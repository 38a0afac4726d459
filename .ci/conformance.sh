#!/usr/bin/env bash
# Conformance of the fake and of the client against the contract, judged by two external tools.
#
# 1. Schemathesis (PyPI `schemathesis` 4.x) runs every check with positive and negative data against
#    the fake (examples, coverage and fuzzing phases), once with the valid token, once with a wrong
#    and once with a forbidden one. It must report no failure and no warning, except that with the
#    wrong and the forbidden token every answer is 401/403, which it warns about (`missing_auth`).
# 2. Prism's validation proxy (npm `@stoplight/prism-cli` 5.x, `--errors`: a violation becomes an
#    error answer) stands in front of the fake while the main command lists through it, in several
#    orders and sizes, and with a wrong and a forbidden token (the listing then fails, as it should,
#    but the error answers must conform too). Prism must log no violation.
# 3. Controls: a fake serving a payload that breaks the contract (a required field missing) must be
#    caught by both tools, so a pass above means something.
#
# The tools are installed under the target directory when missing and reused when present.
# CONFORMANCE_MAX_EXAMPLES bounds Schemathesis' fuzzing per run (default 150).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

target=${CARGO_TARGET_DIR:-target}
work=$target/conformance
mkdir -p "$work"
work=$(cd "$work" && pwd)
spec=$PWD/spec/openapi.yaml
max_examples=${CONFORMANCE_MAX_EXAMPLES:-150}

# What runs is shown on file descriptor 3 (the script's stderr), whatever a command's own output does.
exec 3>&2
say() { printf '\n== %s\n' "$*"; }
show() { printf '+ %s\n' "$*" >&3; }
die() {
  printf 'conformance: %s\n' "$*" >&2
  exit 1
}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# --- tools -----------------------------------------------------------------------------------

st=$work/venv/bin/st
if ! "$st" --version 2>/dev/null | grep -q 'version 4\.'; then
  say "installing Schemathesis 4.x into $work/venv"
  show python3 -m venv "$work/venv"
  python3 -m venv "$work/venv"
  show "$work/venv/bin/pip" install --quiet 'schemathesis>=4,<5'
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4,<5'
fi
prism=$work/prism/node_modules/.bin/prism
if ! "$prism" --version 2>/dev/null | grep -q '^5\.'; then
  say "installing Prism 5.x into $work/prism"
  mkdir -p "$work/prism"
  show npm install --prefix "$work/prism" @stoplight/prism-cli@5
  npm install --prefix "$work/prism" --no-audit --no-fund --loglevel=error '@stoplight/prism-cli@5'
fi
echo "Schemathesis $("$st" --version | sed 's/.*version //'), Prism $("$prism" --version)"

say "building the fake server and the main command"
show cargo build -p sessions-api --example fake_server --example list_sessions
cargo build --quiet -p sessions-api --example fake_server --example list_sessions
bin=$target/debug/examples

# Schemathesis settings: fail on any warning, or on any but `missing_auth` (expected when every
# request carries a refused token).
printf '[warnings]\nfail-on = true\n' >"$work/st-strict.toml"
others=$("$work/venv/bin/python" -c '
from schemathesis.core.warnings import SchemathesisWarning as W
print(", ".join(repr(w.value) for w in W if w.value != "missing_auth"))')
printf '[warnings]\ndisplay = [%s]\nfail-on = true\n' "$others" >"$work/st-refused-token.toml"

# --- helpers ---------------------------------------------------------------------------------

# start_fake NAME ARGS...: starts the fake on a free port; sets fake_url.
start_fake() {
  local log=$work/$1.log
  shift
  show fake_server --port 0 "$@"
  "$bin/fake_server" --port 0 "$@" >"$log" 2>&1 &
  pids+=("$!")
  fake_url=
  for _ in $(seq 300); do
    fake_url=$(sed -n 's/^base URL: *//p' "$log")
    [ -n "$fake_url" ] && return 0
    sleep 0.1
  done
  cat "$log" >&2
  die "the fake did not start"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_prism NAME UPSTREAM: starts Prism's validation proxy in front of UPSTREAM; sets prism_url.
start_prism() {
  local log=$work/$1.log port
  port=$(free_port)
  show prism proxy spec/openapi.yaml "$2" --errors --host 127.0.0.1 -p "$port"
  "$prism" proxy "$spec" "$2" --errors --host 127.0.0.1 -p "$port" >"$log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1200); do
    if grep -q 'Prism is listening' "$log"; then
      prism_url=http://127.0.0.1:$port
      return 0
    fi
    sleep 0.1
  done
  cat "$log" >&2
  die "Prism did not start"
}

# schemathesis NAME URL TOKEN CONFIG MAX_EXAMPLES: runs every check, positive and negative data.
schemathesis() {
  local name=$1 url=$2 token=$3 config=$4 examples=$5
  show st --config-file "$(basename "$config")" run spec/openapi.yaml --url "$url" --checks all \
    --mode all --header "Authorization: Bearer $token" --max-examples "$examples"
  # From the work directory: Schemathesis keeps its example database in the current directory.
  (cd "$work" && "$st" --config-file "$config" run "$spec" --url "$url" --checks all --mode all \
    --header "Authorization: Bearer $token" --max-examples "$examples" \
    --report ndjson --report-ndjson-path "$work/$name.ndjson" >"$work/$name.out" 2>&1)
}

# list_through URL TOKEN ARGS...: the main command against URL with a bearer token.
list_through() {
  local url=$1 token=$2
  shift 2
  show list_sessions "$@" "(IDNOW_BASE_URL=$url)"
  env -u IDNOW_CLIENT_ID -u IDNOW_CLIENT_SECRET -u IDNOW_TOKEN_URL -u IDNOW_ENVIRONMENT \
    IDNOW_BASE_URL="$url" IDNOW_TOKEN="$token" "$bin/list_sessions" "$@"
}

# prism_violations LOG: the lines where Prism reported a problem.
prism_violations() {
  grep -Ei 'violation|✖|⚠|\berror\b|\bwarning\b|\bfatal\b' "$1" || true
}

# --- 1. Schemathesis against the fake --------------------------------------------------------

say "Schemathesis against the fake"
start_fake fake-st
st_fake=$fake_url
for run in valid:fake-token:st-strict:$max_examples \
  wrong:not-a-token:st-refused-token:30 \
  forbidden:fake-token-without-read:st-refused-token:30; do
  IFS=: read -r kind token config examples <<<"$run"
  if schemathesis "st-$kind-token" "$st_fake" "$token" "$work/$config.toml" "$examples"; then
    grep -E 'generated,|No issues found|warning' "$work/st-$kind-token.out" | sed 's/^ */  /' || true
  else
    cat "$work/st-$kind-token.out"
    die "Schemathesis found problems with the $kind token (above; report in $work/st-$kind-token.ndjson)"
  fi
done

# --- 2. Prism in front of the fake while the main command lists ------------------------------

say "Prism's validation proxy in front of the fake, the main command listing through it"
start_fake fake-prism
start_prism prism "$fake_url"
proxied=$prism_url
listed=$work/listed.txt
list_through "$proxied" fake-token --flow conformance-flow --page-size 37 --prefetch 4 \
  --format ndjson >"$listed" || die "listing through Prism failed"
[ "$(wc -l <"$listed")" -eq 1000 ] || die "expected 1000 sessions through Prism, got $(wc -l <"$listed")"
list_through "$proxied" fake-token --flow conformance-flow --sort status --desc --page-size 100 \
  >/dev/null || die "listing by status through Prism failed"
list_through "$proxied" fake-token --flow conformance-flow --env staging --limit 120 --format json \
  >/dev/null || die "listing staging through Prism failed"
for token in not-a-token fake-token-without-read; do
  if list_through "$proxied" "$token" --flow conformance-flow >/dev/null 2>&1; then
    die "listing with the token $token should have been refused"
  fi
done
violations=$(prism_violations "$work/prism.log")
if [ -n "$violations" ]; then
  echo "$violations"
  die "Prism reported violations (log: $work/prism.log)"
fi
echo "  $(grep -c 'Request received' "$work/prism.log") exchanges through Prism, no violation"

# --- 3. Controls: a drifted fake must be caught by both --------------------------------------

say "control: a fake serving a missing required field is caught by both tools"
start_fake fake-drift --drift missing-required-field
drifted=$fake_url
if schemathesis st-control "$drifted" fake-token "$work/st-strict.toml" 20; then
  die "Schemathesis did not catch the drifted fake: the check cannot fail"
fi
grep -Eq '"name": ?"response_schema_conformance", ?"status": ?"failure"' "$work/st-control.ndjson" ||
  { cat "$work/st-control.out"; die "Schemathesis failed on the drifted fake, but not on its schema"; }
echo "  Schemathesis: caught (response_schema_conformance)"
start_prism prism-control "$drifted"
if list_through "$prism_url" fake-token --flow conformance-flow --limit 10 >/dev/null 2>&1; then
  die "the listing through Prism succeeded on the drifted fake"
fi
[ -n "$(prism_violations "$work/prism-control.log")" ] ||
  die "Prism did not report the drifted fake: the check cannot fail"
echo "  Prism: caught ($(grep -c 'VIOLATIONS' "$work/prism-control.log") violation answers)"

say "conformance passed"
