#!/usr/bin/env bash
# Local Neo4j Community 5.26 LTS for bangfu, fetched from Maven Central and run on 127.0.0.1.
# Usage: neo4j.sh start|stop|status|password        (see README.md next to this file)
#        neo4j.sh admin ARGS...   neo4j-admin ARGS on this home's data, server stopped
#                                 (e.g. admin database import full --nodes=… neo4j)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$HERE/pom.xml"
SRC="$HERE/src/main/java/bangfu/neo4j/Launcher.java"

CACHE="${BANGFU_NEO4J_HOME:-$HOME/.cache/bangfu/neo4j}"
LIB="$CACHE/lib"
CLASSES="$CACHE/classes"
DATA="$CACHE/data"
LOGS="$CACHE/logs"
LOG="$LOGS/launcher.log"
PIDFILE="$CACHE/neo4j.pid"
READY="$CACHE/neo4j.ready"
PWFILE="$CACHE/password"
BOLT_PORT="${BANGFU_NEO4J_BOLT_PORT:-7687}"
HTTP_PORT="${BANGFU_NEO4J_HTTP_PORT:-7474}"
HEAP="${BANGFU_NEO4J_HEAP:-1g}"
START_TIMEOUT=120
STOP_TIMEOUT=60
VERSION="$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' "$POM")"

die() { echo "neo4j.sh: error: $*" >&2; exit 1; }

# The pid from the pid file, if that process is alive and really is our launcher.
running_pid() {
    local pid
    [[ -f "$PIDFILE" ]] || return 1
    pid="$(tr -dc 0-9 <"$PIDFILE")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    # -ww: without a terminal ps cuts args at 80 columns, before the class name
    ps -ww -p "$pid" -o args= 2>/dev/null | grep -q 'bangfu\.neo4j\.Launcher' || return 1
    echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

hash_of() {
    if command -v sha256sum >/dev/null; then cat "$@" | sha256sum; else cat "$@" | shasum -a 256; fi | cut -c1-64
}

# Download the pinned jars once (a stamp holds the hash of pom.xml), then compile the launcher.
# Maven runs on a copy of the pom inside the cache so that nothing is written into the repo.
ensure_jars() {
    local want have
    want="$(hash_of "$POM")"
    have="$(cat "$LIB/.stamp" 2>/dev/null || true)"
    if [[ "$want" != "$have" ]]; then
        command -v mvn >/dev/null || die "Maven (mvn) is needed to download Neo4j $VERSION"
        echo "Downloading Neo4j $VERSION from Maven Central into $LIB (one-time) ..."
        rm -rf "$CACHE/build" "$LIB.tmp"
        mkdir -p "$CACHE/build"
        cp "$POM" "$CACHE/build/pom.xml"
        if ! mvn -B -f "$CACHE/build/pom.xml" dependency:copy-dependencies \
            -DincludeScope=runtime -DoutputDirectory="$LIB.tmp" >"$CACHE/build/mvn.log" 2>&1; then
            tail -n 30 "$CACHE/build/mvn.log" >&2
            die "mvn dependency:copy-dependencies failed (full log: $CACHE/build/mvn.log)"
        fi
        echo "$want" >"$LIB.tmp/.stamp"
        rm -rf "$LIB" "$CACHE/build"
        mv "$LIB.tmp" "$LIB"
    fi
    want="$(hash_of "$POM" "$SRC")"
    have="$(cat "$CLASSES/.stamp" 2>/dev/null || true)"
    if [[ "$want" != "$have" ]]; then
        rm -rf "$CLASSES.tmp"
        javac -nowarn -encoding UTF-8 --release 17 -cp "$LIB/*" -d "$CLASSES.tmp" "$SRC" \
            || die "compiling $SRC failed"
        echo "$want" >"$CLASSES.tmp/.stamp"
        rm -rf "$CLASSES"
        mv "$CLASSES.tmp" "$CLASSES"
    fi
}

ensure_password() {
    [[ -n "${NEO4J_PASSWORD:-}" ]] && return 0
    [[ -s "$PWFILE" ]] && { chmod 600 "$PWFILE"; return 0; }
    (umask 077; LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom 2>/dev/null | head -c 32 >"$PWFILE.tmp" || true)
    [[ "$(wc -c <"$PWFILE.tmp")" -eq 32 ]] || die "could not generate a password"
    mv "$PWFILE.tmp" "$PWFILE"
    echo "Generated a random password for user neo4j in $PWFILE"
}

show_info() { sed 's/^/  /' "$READY"; }

cmd_start() {
    local pid i
    if pid="$(running_pid)"; then
        echo "Neo4j is already running (pid $pid)"
        [[ -f "$READY" ]] && show_info
        return 0
    fi
    command -v java >/dev/null || die "java (17 or 21) is needed"
    command -v javac >/dev/null || die "javac (a JDK 17 or 21) is needed"
    mkdir -p "$CACHE" "$LOGS"
    chmod 700 "$CACHE"
    ensure_jars
    ensure_password
    port_open "$BOLT_PORT" && die "port 127.0.0.1:$BOLT_PORT is already in use (set BANGFU_NEO4J_BOLT_PORT)"
    [[ "$HTTP_PORT" != 0 ]] && port_open "$HTTP_PORT" && die "port 127.0.0.1:$HTTP_PORT is already in use (set BANGFU_NEO4J_HTTP_PORT, 0 = no HTTP)"
    rm -f "$READY" "$PIDFILE"
    [[ -f "$LOG" ]] && mv -f "$LOG" "$LOG.1"

    # --add-opens etc. are the flags Neo4j's own start script passes (needed on Java 17+ for
    # direct I/O and page-cache fast paths; without them Neo4j only logs warnings).
    # shellcheck disable=SC2086
    nohup java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
        -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC \
        --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
        -Dio.netty.tryReflectionSetAccessible=true -Djdk.nio.maxCachedBufferSize=1024 \
        -Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8 ${BANGFU_NEO4J_JAVA_OPTS:-} \
        -cp "$CLASSES:$LIB/*" bangfu.neo4j.Launcher \
        --data="$DATA" --bolt-port="$BOLT_PORT" --http-port="$HTTP_PORT" \
        --password-file="$PWFILE" --pid-file="$PIDFILE" --ready-file="$READY" \
        </dev/null >"$LOG" 2>&1 &
    pid=$!
    echo "$pid" >"$PIDFILE"   # the launcher rewrites the same pid; this covers its first instants

    echo -n "Starting Neo4j $VERSION (pid $pid) "
    for ((i = 0; i < START_TIMEOUT; i++)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo
            echo "neo4j.sh: error: Neo4j exited during startup. Last lines of $LOG:" >&2
            tail -n 30 "$LOG" >&2
            rm -f "$PIDFILE" "$READY"
            exit 1
        fi
        if [[ -f "$READY" ]] && port_open "$BOLT_PORT"; then
            echo "- up after ${i}s"
            show_info
            [[ -n "${NEO4J_PASSWORD:-}" ]] && echo "  user=neo4j, password=\$NEO4J_PASSWORD" \
                || echo "  user=neo4j, password in $PWFILE"
            return 0
        fi
        echo -n "."
        sleep 1
    done
    echo
    echo "neo4j.sh: error: Bolt port $BOLT_PORT did not answer within ${START_TIMEOUT}s. Last lines of $LOG:" >&2
    tail -n 30 "$LOG" >&2
    cmd_stop >&2 || true
    exit 1
}

cmd_stop() {
    local pid i
    if ! pid="$(running_pid)"; then
        rm -f "$PIDFILE" "$READY"
        echo "Neo4j is not running"
        return 0
    fi
    echo -n "Stopping Neo4j (pid $pid) "
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < STOP_TIMEOUT; i++)); do
        kill -0 "$pid" 2>/dev/null || { echo "- stopped after ${i}s"; rm -f "$PIDFILE" "$READY"; return 0; }
        echo -n "."
        sleep 1
    done
    echo "- still running after ${STOP_TIMEOUT}s, killing it"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$PIDFILE" "$READY"
}

cmd_status() {
    local pid
    if ! pid="$(running_pid)"; then
        echo "Neo4j is not running (pinned version $VERSION, cache $CACHE)"
        return 3
    fi
    if [[ ! -f "$READY" ]] || ! port_open "$(sed -n 's/^bolt=.*:\([0-9]*\)$/\1/p' "$READY")"; then
        echo "Neo4j (pid $pid) is starting or stopping, not accepting connections"
        return 3
    fi
    echo "Neo4j is running (pid $pid)"
    show_info
}

# neo4j-admin (org.neo4j.cli.AdminTool, in the jars already fetched) on the data of this home:
# NEO4J_HOME is the cache, so server.directories.data is $DATA as for the launcher. Only while the
# server is stopped: an offline tool such as `database import full` must not write under a live
# database.
cmd_admin() {
    local pid
    pid="$(running_pid)" && die "Neo4j is running (pid $pid): stop it before neo4j-admin $*"
    command -v java >/dev/null || die "java (17 or 21) is needed"
    mkdir -p "$CACHE" "$LOGS"
    chmod 700 "$CACHE"
    ensure_jars
    # shellcheck disable=SC2086
    NEO4J_HOME="$CACHE" NEO4J_CONF="$CACHE/conf" java -Xmx"$HEAP" -XX:+UseG1GC \
        --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
        -Dfile.encoding=UTF-8 ${BANGFU_NEO4J_JAVA_OPTS:-} \
        -cp "$CLASSES:$LIB/*" org.neo4j.cli.AdminTool "$@"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    password) echo "$PWFILE"
        [[ -n "${NEO4J_PASSWORD:-}" ]] && echo "(NEO4J_PASSWORD is set and takes precedence)" >&2 || true ;;
    admin) shift; cmd_admin "$@" ;;
    *) echo "usage: $0 start|stop|status|password|admin ARGS..." >&2; exit 2 ;;
esac
