#!/usr/bin/env bash
# Smoke test of the built distribution (run by Maven in the verify phase): the launcher finds its JVM flags and its
# lib/, its commands start, and the simulated venue comes up on a free port and stops cleanly on SIGTERM.
# Usage: smoke.sh <distribution dir> <work dir>. Bounded: at most ~90 s.
set -euo pipefail

DIST="$1"
WORK="$2"
rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
fail()
{
    echo "distribution smoke test FAILED: $*" >&2
    exit 1
}

[[ -x "$DIST/bin/peregrine" ]] || fail "$DIST/bin/peregrine missing or not executable"
grep -q -- '--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED' "$DIST/config/jvm.options" ||
    fail "config/jvm.options does not hold the root pom's peregrine.jvm.flags"
# Peregrine checks its own free space; Chronicle's monitor logged "disk almost full, the JVM may crash" on healthy
# small file systems.
grep -q -- '-Dchronicle.disk.monitor.disable=true' "$DIST/config/jvm.options" ||
    fail "config/jvm.options does not turn Chronicle's disk space monitor off"
for sample in fix-gateway.properties venue.properties; do
    [[ -f "$DIST/config/$sample" ]] || fail "config/$sample missing"
done

help_out="$("$DIST/bin/peregrine" help)"
[[ "$help_out" == *"bin/peregrine stack"* ]] || fail "help does not list the commands"
if "$DIST/bin/peregrine" no-such-command >/dev/null 2>&1; then
    fail "an unknown command exited 0"
fi

# Every command takes --help: usage, exit 0, nothing started (gateway and stack: StartRefusalSystemTest).
for command in journal stat tls-init hash-password reset-session venue admin; do
    "$DIST/bin/peregrine" "$command" --help >/dev/null 2>&1 </dev/null || fail "$command --help did not exit 0"
done

hash="$(echo 'smoke-test-password' | "$DIST/bin/peregrine" hash-password)"
[[ "$hash" == pbkdf2-sha256\$* ]] || fail "hash-password printed '$hash'"

journal_out="$("$DIST/bin/peregrine" journal --dir "$WORK/no-journal" 2>&1 || true)"
[[ "$journal_out" == *"no core journal"* ]] || fail "journal did not explain that there is no journal: $journal_out"

# The simulated venue on a free port, without its ops console (9900 may be taken on a developer's machine).
JAVA_OPTS="-Dperegrine.ops.enabled=false" "$DIST/bin/peregrine" venue --port 0 > venue.out 2>&1 &
venue_pid=$!
for _ in $(seq 1 120); do
    if grep -q 'listening on' venue.out; then
        break
    fi
    if ! kill -0 "$venue_pid" 2>/dev/null; then
        cat venue.out >&2
        fail "the venue exited before it was ready"
    fi
    sleep 0.5
done
grep -q 'listening on' venue.out || { kill -9 "$venue_pid"; cat venue.out >&2; fail "the venue was not ready in 60 s"; }
kill -TERM "$venue_pid"
for _ in $(seq 1 60); do
    kill -0 "$venue_pid" 2>/dev/null || break
    sleep 0.5
done
if kill -0 "$venue_pid" 2>/dev/null; then
    kill -9 "$venue_pid"
    fail "the venue did not stop within 30 s of SIGTERM"
fi
grep -q 'stopped' venue.out || { cat venue.out >&2; fail "the venue did not report a clean stop"; }

# The core-only load runner from lib/ alone (the JMH and exchange-core jars are not in the product): a short run
# in which every order must get its final report (exit status 0).
if ! "$DIST/bin/peregrine" core-load --rate 2000 --count 2000 --warmup 500 --out "$WORK/core-load" \
        > core-load.out 2>&1; then
    cat core-load.out >&2
    fail "core-load did not complete from the distribution's lib/"
fi
for jar in jmh-core exchange-core; do
    if ls "$DIST/lib/" | grep -q "^$jar-"; then
        fail "lib/ holds $jar, which only benchmarks.jar needs"
    fi
done

echo "distribution smoke test passed: $DIST"
