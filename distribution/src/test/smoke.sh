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
for sample in fix-gateway.properties venue.properties simplelogger.properties; do
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

# A JAVA_OPTS that sizes the heap replaces the launcher's sizes (its -Xms256m above -Xmx64m stopped the JVM).
stack_help="$(JAVA_OPTS=-Xmx64m "$DIST/bin/peregrine" stack --help 2>&1)" ||
    fail "stack --help with JAVA_OPTS=-Xmx64m did not start: $stack_help"

# A non-UTF-8 locale (LANG=C): the launcher switches to a UTF-8 one, so a non-ASCII directory name stays a path
# (Java names files in the locale's character set); without a UTF-8 locale on the machine it refuses in one line.
mkdir -p "$WORK/pérégrine"
journal_c="$(cd "$WORK/pérégrine" && LC_ALL='' LANG=C "$DIST/bin/peregrine" journal --dir ./none 2>&1 || true)"
[[ "$journal_c" == *"no core journal in $WORK/pérégrine/"* || "$journal_c" == "peregrine: the locale's"*"not UTF-8"* ]] ||
    fail "with LANG=C a non-ASCII working directory was not named right: $journal_c"

# Too low a hard open-file limit refuses in one line; a low soft one is raised (checked on the venue below).
fd_refusal="$( (ulimit -n 256 && "$DIST/bin/peregrine" journal --dir ./none) 2>&1 || true)"
[[ "$fd_refusal" == "peregrine: the open-file limit is 256 (hard limit 256): Peregrine needs at least 1024"* ]] ||
    fail "a hard open-file limit of 256 was not refused in one line: $fd_refusal"

# The simulated venue on a free port, without its ops console (9900 may be taken on a developer's machine), started
# with a soft open-file limit of 64 (which failed loading classes) that the launcher raises.
(ulimit -Sn 64 && JAVA_OPTS="-Dperegrine.ops.enabled=false" exec "$DIST/bin/peregrine" venue --port 0) \
    > venue.out 2>&1 &
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
if [[ -r "/proc/$venue_pid/limits" ]]; then
    hard_nofile="$(ulimit -Hn)"
    wanted_nofile=4096
    [[ "$hard_nofile" != unlimited ]] && (( hard_nofile < wanted_nofile )) && wanted_nofile="$hard_nofile"
    venue_nofile="$(awk '/^Max open files/ { print $4 }' "/proc/$venue_pid/limits")"
    [[ "$venue_nofile" == unlimited ]] || (( venue_nofile >= wanted_nofile )) ||
        { kill -9 "$venue_pid"; fail "the launcher left the soft open-file limit at $venue_nofile"; }
fi
kill -TERM "$venue_pid"
for _ in $(seq 1 60); do
    kill -0 "$venue_pid" 2>/dev/null || break
    sleep 0.5
done
if kill -0 "$venue_pid" 2>/dev/null; then
    kill -9 "$venue_pid"
    fail "the venue did not stop within 30 s of SIGTERM"
fi
# A clean stop on SIGTERM exits 0 through the launcher's exec (README "Exit statuses"), not the JVM's 143.
venue_status=0
wait "$venue_pid" || venue_status=$?
(( venue_status == 0 )) || { cat venue.out >&2; fail "the venue stopped by SIGTERM exited $venue_status, not 0"; }
grep -q 'stopped' venue.out || { cat venue.out >&2; fail "the venue did not report a clean stop"; }
# Every log line starts with its time in UTC (config/simplelogger.properties on the classpath), e.g.
# 2026-12-07T18:42:01.123Z [main] INFO ...; a clean stop logs no ERROR.
grep -q '\] INFO ' venue.out || { cat venue.out >&2; fail "the venue logged no INFO line"; }
if grep '\] \(TRACE\|DEBUG\|INFO\|WARN\|ERROR\) ' venue.out |
        grep -qvE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z \['; then
    cat venue.out >&2
    fail "a log line without its UTC ISO-8601 time (config/simplelogger.properties not used)"
fi
if grep -q '\] ERROR ' venue.out; then
    cat venue.out >&2
    fail "the venue logged an ERROR on a clean start and stop"
fi

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
