#!/bin/bash
# Issue 15: `stats` against `list --limit 20`. usage: benches/stats_vs_list.sh BINARY DB RUNS  -> median wall ms of each command (page cache warm: one unmeasured run first)
B=$1; DB=$2; RUNS=${3:-3}
run() {
  local label="$1"; shift
  "$B" --db "$DB" --today 2026-12-01 "$@" > /dev/null 2>&1
  local times=()
  for i in $(seq "$RUNS"); do
    local s=$(date +%s%N)
    "$B" --db "$DB" --today 2026-12-01 "$@" > /dev/null 2>&1
    local e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
  done
  local sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  echo "$label | median ${sorted[$(( RUNS / 2 ))]} ms | runs ${times[*]}"
}
run "list --limit 20" list --limit 20
run "stats" stats
run "stats --format json" stats --format json
run "stats --by prison" stats --by prison
run "stats --anonymised --by prison,gender" stats --anonymised --by prison,gender --format csv
