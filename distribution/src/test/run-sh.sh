#!/usr/bin/env bash
# Test of scripts/run.sh's rebuild decision (run by Maven in the verify phase, beside smoke.sh), on a throw-away copy
# of the repository layout with a fake mvn and a fake java on the PATH (no build, no JVM, a few seconds):
#   - running the product (data/, logs, target/) and editing tests or READMEs never makes the build stale;
#   - a changed source, pom or shipped config rebuilds once;
#   - while a process runs from the distribution (the real bin/peregrine, whose lock its JVM keeps), a changed source
#     does not rebuild under it: the command runs the existing build and says why; once it stopped, it rebuilds.
# Usage: run-sh.sh <repository root> <work dir>.
set -euo pipefail

REPO="$1"
WORK="$2"
rm -rf "$WORK"
mkdir -p "$WORK"
fail()
{
    echo "run.sh test FAILED: $*" >&2
    exit 1
}

FAKE="$WORK/repo"
DIST="$FAKE/distribution/target/peregrine-9.9"
export FAKE_CALLS="$WORK/calls"
mkdir -p "$FAKE/scripts" "$FAKE/core/src/main/java" "$FAKE/core/src/test/java" "$FAKE/core/config" \
    "$FAKE/distribution/src/bin" "$DIST/bin" "$DIST/config" "$DIST/lib" "$FAKE/latency-bench/target" "$WORK/path"
cp "$REPO/scripts/run.sh" "$FAKE/scripts/run.sh"
cat > "$FAKE/pom.xml" <<'POM'
<project>
    <version>9.9</version>
    <modules>
        <module>core</module>
        <module>distribution</module>
    </modules>
</project>
POM
echo '<project/>' > "$FAKE/core/pom.xml"
echo '<project/>' > "$FAKE/distribution/pom.xml"
echo 'class A {}' > "$FAKE/core/src/main/java/A.java"
echo 'class ATest {}' > "$FAKE/core/src/test/java/ATest.java"
echo 'key=value' > "$FAKE/core/config/sample.properties"
echo '# readme' > "$FAKE/core/README.md"
cp "$REPO/distribution/src/bin/peregrine" "$FAKE/distribution/src/bin/peregrine"
cp "$REPO/distribution/src/bin/peregrine" "$DIST/bin/peregrine"
echo '# no flags' > "$DIST/config/jvm.options"
touch "$DIST/lib/ops-console-9.9.jar" "$FAKE/latency-bench/target/benchmarks.jar"

# mvn: counts builds and writes the product jar, as mvn package does.
cat > "$WORK/path/mvn" <<'MVN'
#!/usr/bin/env bash
echo "mvn $*" >> "$FAKE_CALLS"
touch "$PWD/distribution/target/peregrine-9.9/lib/ops-console-9.9.jar"
MVN
# java: records its main class; "the stack" runs until killed, keeping the descriptors bin/peregrine gave it.
cat > "$WORK/path/java" <<'JAVA'
#!/usr/bin/env bash
for arg in "$@"; do
    case "$arg" in io.peregrine.*) echo "java $arg" >> "$FAKE_CALLS" ;; esac
done
if [[ " $* " == *" io.peregrine.ops.launch.StackMain "* ]]; then
    exec sleep 120
fi
JAVA
chmod +x "$WORK/path/mvn" "$WORK/path/java"
export PATH="$WORK/path:$PATH"

# A fresh build: every input older than the distribution.
find "$FAKE" -type f -exec touch -d '2 hours ago' {} +
touch -d '1 hour ago' "$DIST/bin/peregrine" "$DIST/lib/ops-console-9.9.jar"

builds()
{
    grep -c '^mvn ' "$FAKE_CALLS" 2>/dev/null || true
}

run()
{
    (cd "$FAKE" && ./scripts/run.sh "$@") 2>>"$WORK/stderr"
}

# What running the product writes, and files no build reads.
mkdir -p "$FAKE/data/core" "$FAKE/data/ops" "$FAKE/logs" "$FAKE/core/target/classes"
echo 'journal=1' > "$FAKE/data/core/journal-start.properties"
echo 'x' > "$FAKE/logs/gateway.log"
echo 'k=v' > "$FAKE/core/target/classes/built.properties"
touch "$FAKE/core/src/test/java/ATest.java" "$FAKE/core/README.md"
run stat
[[ "$(builds)" == 0 ]] || fail "data/, logs, target/, a test or a README made the build stale: $(cat "$FAKE_CALLS")"
grep -q 'java io.peregrine.ops.stat.StatMain' "$FAKE_CALLS" || fail "stat did not run"

# A changed source rebuilds once; so does a shipped config file.
touch "$FAKE/core/src/main/java/A.java"
run stat
[[ "$(builds)" == 1 ]] || fail "a changed source did not rebuild once: $(cat "$FAKE_CALLS")"
run stat
[[ "$(builds)" == 1 ]] || fail "the build stayed stale after building"
sleep 1 # modification times of one second granularity
touch "$FAKE/core/config/sample.properties"
run stat
[[ "$(builds)" == 2 ]] || fail "a changed shipped config did not rebuild"

# A stack runs from the distribution: a changed source does not rebuild under it.
(cd "$FAKE" && exec ./scripts/run.sh stack) 2>>"$WORK/stderr" &
stack_pid=$!
trap 'kill "$stack_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    grep -q 'java io.peregrine.ops.launch.StackMain' "$FAKE_CALLS" && break
    sleep 0.1
done
grep -q 'java io.peregrine.ops.launch.StackMain' "$FAKE_CALLS" || fail "the stack did not start"
sleep 1
touch "$FAKE/core/src/main/java/A.java"
: > "$WORK/stderr"
run stat
[[ "$(builds)" == 2 ]] || fail "rebuilt under a running stack: $(cat "$FAKE_CALLS")"
grep -q 'a Peregrine process runs from' "$WORK/stderr" || fail "no word on why it did not rebuild: $(cat "$WORK/stderr")"
[[ "$(grep -c 'java io.peregrine.ops.stat.StatMain' "$FAKE_CALLS")" == 5 ]] || fail "stat did not run the build there is"

# Stopped: the next command rebuilds.
kill "$stack_pid"
wait "$stack_pid" 2>/dev/null || true
run stat
[[ "$(builds)" == 3 ]] || fail "did not rebuild once the stack had stopped: $(cat "$FAKE_CALLS")"
echo "run.sh test passed"
