#!/bin/bash
# CPU of the PostgreSQL backend (utime+stime from /proc) per run of <script>.sql, run <n> times in one session.
# usage: PSQL_ARGS='-h 127.0.0.1 -p PORT -U postgres -d cronhooks' ./cpu.sh <script> <n>
f=$1; n=$2
{
printf '%s\n' 'SELECT pg_backend_pid() AS pid \gset' '\setenv BPID :pid' '\o /dev/null' "\\! awk '{print \$14+\$15}' /proc/\$BPID/stat > ${OUT:-/tmp}/before"
for i in $(seq $n); do cat $f.sql; done
printf '%s\n' "\\! awk '{print \$14+\$15}' /proc/\$BPID/stat > ${OUT:-/tmp}/after"
} > ${OUT:-/tmp}/run_$f.sql
psql -q $PSQL_ARGS -c "vacuum execution_queue"
psql -q -v ON_ERROR_STOP=1 $PSQL_ARGS -f ${OUT:-/tmp}/run_$f.sql >/dev/null 2>${OUT:-/tmp}/run_$f.err || { echo "$f failed:"; head -3 ${OUT:-/tmp}/run_$f.err; exit 1; }
b=$(cat ${OUT:-/tmp}/before); a=$(cat ${OUT:-/tmp}/after)
echo "$f: $(( (a-b)*10*1000 / n )) µs per run (ticks $((a-b)))"
