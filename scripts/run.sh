#!/usr/bin/env bash
# Peregrine's commands. Builds what it needs first (only when sources changed), then runs.
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
# Every sub-command takes --help for its own flags. JAVA_OPTS is appended to the JVM flags.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/latency-bench/target/benchmarks.jar"
# stack, gateway, venue, stat and admin run from the ops-console module (it sees every other module).
OPS_JAR="$ROOT/ops-console/target/ops-console.jar"

usage()
{
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
}

# The JVM flags live in one place: the root pom's peregrine.jvm.flags property.
jvm_flags()
{
    sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' "$ROOT/pom.xml"
}

build_if_needed()
{
    local stale=0
    if [[ ! -f "$JAR" || ! -f "$OPS_JAR" ]]; then
        stale=1
    elif [[ -n "$(find "$ROOT" -path "$ROOT/.git" -prune -o \( -name '*.java' -o -name '*.xml' -o -name '*.properties' -o -name '*.cfg' \) \
            -newer "$JAR" -not -path '*/target/*' -print -quit)" ]]; then
        stale=1
    fi
    if [[ $stale -eq 1 ]]; then
        echo "peregrine: building (mvn -DskipTests package) ..." >&2
        (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
    fi
}

run_main()
{
    local main_class="$1"
    shift
    build_if_needed
    # shellcheck disable=SC2046
    exec java $(jvm_flags) ${JAVA_OPTS:-} -cp "$JAR" "$main_class" "$@"
}

run_ops()
{
    local main_class="$1"
    shift
    build_if_needed
    # shellcheck disable=SC2046
    exec java $(jvm_flags) ${JAVA_OPTS:-} -cp "$OPS_JAR:$ROOT/ops-console/target/lib/*" "$main_class" "$@"
}

command="${1:-}"
case "$command" in
    ""|--*)
        run_main io.peregrine.bench.loop.FullLoopRun "$@"
        ;;
    core)
        shift
        run_main io.peregrine.bench.load.LoadRun "$@"
        ;;
    stack)
        shift
        # Venue, core and gateway share this JVM: a bounded heap (README: heap sizing). The user's JAVA_OPTS come
        # after it, so an -Xmx there wins.
        JAVA_OPTS="-Xms256m -Xmx1g ${JAVA_OPTS:-}"
        run_ops io.peregrine.ops.launch.StackMain "$@"
        ;;
    venue)
        shift
        run_ops io.peregrine.ops.launch.VenueMain "$@"
        ;;
    gateway)
        shift
        run_ops io.peregrine.ops.launch.GatewayMain "$@"
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
    journal)
        shift
        run_main io.peregrine.core.journal.JournalAudit "$@"
        ;;
    reset-session)
        # ./scripts/run.sh reset-session <SENDER>-<TARGET>: reset a stopped gateway's FIX session store; its next
        # logon sends ResetSeqNumFlag=Y (fix-gateway README, "Stale session stores").
        shift
        run_main io.peregrine.gateway.session.SessionReset "$@"
        ;;
    bench-suite)
        shift
        build_if_needed
        # shellcheck disable=SC2046
        exec java $(jvm_flags) ${JAVA_OPTS:-} -Dperegrine.source.dir="$ROOT" -cp "$JAR" io.peregrine.bench.suite.BenchSuite \
            --report-jar "$ROOT/perf-reports/target/perf-reports.jar" "$@"
        ;;
    tls-init)
        shift
        run_main io.peregrine.gateway.security.TlsInitCommand "$@"
        ;;
    hash-password)
        shift
        run_main io.peregrine.gateway.security.HashPasswordCommand "$@"
        ;;
    stat)
        shift
        run_ops io.peregrine.ops.stat.StatMain "$@"
        ;;
    admin)
        shift
        run_ops io.peregrine.ops.admin.AdminMain "$@"
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
