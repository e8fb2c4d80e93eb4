#!/usr/bin/env bash
# Peregrine's commands. Builds what it needs first (only when sources changed), then runs: every command but the JMH
# ones through the product distribution (distribution/target/peregrine-VERSION/bin/peregrine).
#
#   ./scripts/run.sh [flags]            the main job: the whole loop on embedded defaults, prints results, exits
#   ./scripts/run.sh core [flags]       core-only load: driver + core + in-process AutoFillVenue + an IPC client
#   ./scripts/run.sh stack [flags]      venue + core + gateway on the default config until SIGINT/SIGTERM
#   ./scripts/run.sh venue [flags]      the matching-sim venue alone until SIGINT/SIGTERM
#   ./scripts/run.sh gateway [flags]    core + gateway against the configured venues until SIGINT/SIGTERM
#   ./scripts/run.sh bench [jmh args]   the JMH benchmarks (latency-bench/target/benchmarks.jar)
#   ./scripts/run.sh report [args]      HTML/markdown report from HdrHistogram logs and JMH JSON results
#   ./scripts/run.sh bench-suite [--quick] [--out DIR]  JMH suite + fixed-rate runs beside their baselines + report
#   ./scripts/run.sh tls-init [--dir D] self-signed test keystore + truststore under data/tls/, prints config lines
#   ./scripts/run.sh hash-password      reads a broker password on stdin, prints its ...password.hash value
#   ./scripts/run.sh stat [flags]       every Peregrine counter of a running stack, with rates (--aeron-dir, --watch)
#   ./scripts/run.sh admin <cmd> [args] the ops console's admin commands (kill-switch, resume, limits, ...)
#   ./scripts/run.sh journal [filters]  the core journal as an audit log (--dir, --account, --order, --from, --to)
#   ./scripts/run.sh reset-session <SENDER>-<TARGET>  reset a stopped gateway's FIX session store (asks for a reset)
#   ./scripts/run.sh help               this text
#
# Every sub-command takes --help for its own flags. JAVA_OPTS is appended to the JVM flags. A command rebuilds first
# when a source, pom or shipped config changed, except while a process runs from the build (it then runs that build).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# The JMH uber-jar: bench and bench-suite only.
JAR="$ROOT/latency-bench/target/benchmarks.jar"
# Everything else runs from the product distribution Maven builds (distribution module): bin/peregrine, lib/, config/.
VERSION="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml")"
DIST="$ROOT/distribution/target/peregrine-$VERSION"

usage()
{
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
}

# The JVM flags live in one place: the root pom's peregrine.jvm.flags property (the distribution's
# config/jvm.options is generated from it).
jvm_flags()
{
    sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' "$ROOT/pom.xml"
}

# What a build is made of, and nothing else: the poms, each module's src/ (tests left out) and config/ (sample
# configuration shipped in the distribution), modules found from the poms' <module> lists. Never data/ (the core writes
# data/core/journal-start.properties), logs or target/: running the product must not make its build stale.
build_inputs()
{
    local dir="$1" module
    echo "$dir/pom.xml"
    [[ -d "$dir/src" ]] && echo "$dir/src"
    [[ -d "$dir/config" ]] && echo "$dir/config"
    for module in $(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' "$dir/pom.xml"); do
        [[ -f "$dir/$module/pom.xml" ]] && build_inputs "$dir/$module"
    done
    return 0
}

# The build is stale when a build input is newer than the last build. The launcher keeps its source's modification
# time through the assembly, so the reference is whichever is newer: the launcher (touched after a build here) or the
# last product jar Maven writes (a plain mvn package elsewhere counts too).
build_is_stale()
{
    [[ -f "$JAR" && -x "$DIST/bin/peregrine" ]] || return 0
    local reference="$DIST/bin/peregrine"
    local last_jar="$DIST/lib/ops-console-$VERSION.jar"
    if [[ "$last_jar" -nt "$reference" ]]; then
        reference="$last_jar"
    fi
    local inputs=()
    mapfile -t inputs < <(build_inputs "$ROOT")
    [[ -n "$(find "${inputs[@]}" -path '*/src/test' -prune -o -type f -newer "$reference" -print -quit)" ]]
}

# Whether a process runs from the distribution's lib/: bin/peregrine holds a shared lock on lib/ for each JVM's
# whole life (flock; without flock, a process whose command line names lib/). Checked with fd 7 held: the caller
# keeps the exclusive lock while it builds, so a launcher started meanwhile waits for the build.
dist_in_use()
{
    [[ -d "$DIST/lib" ]] || return 1
    if command -v flock >/dev/null 2>&1; then
        exec 7<"$DIST/lib"
        ! flock -x -n 7
    else
        pgrep -f -- "$DIST/lib/" >/dev/null 2>&1
    fi
}

build_if_needed()
{
    build_is_stale || return 0
    # The split set-up starts run.sh venue and run.sh gateway together: one builds, the other waits for it and then
    # finds the build fresh, instead of two Maven builds writing one tree at once.
    mkdir -p "$ROOT/distribution/target"
    exec 9>"$ROOT/distribution/target/.run-build.lock"
    if command -v flock >/dev/null 2>&1; then
        flock 9
    fi
    if build_is_stale; then
        if dist_in_use; then
            # A build replaces the jars in lib/ under the running JVM (its classes load lazily from them).
            echo "peregrine: sources changed since the last build, but a Peregrine process runs from $DIST:" \
                "not rebuilding under it; running the existing build. Stop it (and every bin/peregrine command)" \
                "to rebuild." >&2
        else
            echo "peregrine: building (mvn -DskipTests package) ..." >&2
            (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
            # The assembly keeps the launcher's own modification time: mark this build so the next check sees it
            # fresh.
            touch "$DIST/bin/peregrine"
        fi
    fi
    exec 7<&- 9>&-
}

# On a small machine the agents of one process share a thread (peregrine.threading=shared): measured on 2 cores,
# the main job's p50 and p99 are about 30 % lower than with a thread per agent, because a hand-off between the
# core, the venue client and the broker report agent is then a poll, not the wake-up of a parked thread
# (perf-reports/results/2026-12-06-quiet-machine.md). The library's own default stays dedicated (production:
# busy-spin and one pinned core per agent). A peregrine.threading in JAVA_OPTS wins.
default_threading()
{
    if [[ "${JAVA_OPTS:-}" != *peregrine.threading=* ]] && [[ "$(nproc 2>/dev/null || echo 8)" -le 4 ]]; then
        JAVA_OPTS="-Dperegrine.threading=shared ${JAVA_OPTS:-}"
        export JAVA_OPTS
    fi
}

# Runs a command of the product launcher (distribution/target/peregrine-VERSION/bin/peregrine).
run_product()
{
    build_if_needed
    default_threading
    exec "$DIST/bin/peregrine" "$@"
}

command="${1:-}"
case "$command" in
    ""|--*)
        run_product loop "$@"
        ;;
    core)
        shift
        run_product core-load "$@"
        ;;
    stack|venue|gateway|journal|reset-session|tls-init|hash-password|stat|admin)
        # stack runs with -Xms256m -Xmx1g (bin/peregrine); an -Xmx in JAVA_OPTS wins.
        run_product "$@"
        ;;
    bench)
        shift
        build_if_needed
        # shellcheck disable=SC2046
        exec java $(jvm_flags) ${JAVA_OPTS:-} -jar "$JAR" "$@"
        ;;
    report)
        shift
        build_if_needed
        exec java ${JAVA_OPTS:-} -jar "$ROOT/perf-reports/target/perf-reports.jar" "$@"
        ;;
    bench-suite)
        shift
        build_if_needed
        # shellcheck disable=SC2046
        exec java $(jvm_flags) ${JAVA_OPTS:-} -Dperegrine.source.dir="$ROOT" -cp "$JAR" io.peregrine.bench.suite.BenchSuite \
            --report-jar "$ROOT/perf-reports/target/perf-reports.jar" "$@"
        ;;
    help|-h)
        usage
        ;;
    *)
        echo "peregrine: unknown command '$command'" >&2
        usage >&2
        exit 2
        ;;
esac
