#!/usr/bin/env bash
# Load test of resumable surveys (the reliability issue): N samples of OpenFWI's geometry (70 x 70
# models of family curvevel-a; 5 shots x 1000 time samples x 70 receivers) on RANKS MPI ranks.
#   1. an uninterrupted survey, timed, with each rank's peak memory (/usr/bin/time per rank);
#   2. the same command killed (SIGKILL to the whole mpiexec process group) KILLS times at
#      random moments (seeded: repeatable), each rerun continuing the previous one, then run
#      to the end;
#   3. checks: both files hold the same /models, /data and attributes (h5py), the same bytes
#      (cmp), and neither is bigger than the samples' float32 values plus 1 MB of HDF5
#      metadata (an interrupted run must not leave unused space behind).
#   bash bench/load_survey.sh [N] [RANKS] [KILLS]     (defaults 2000 2 3; about 10 GB of disk
#   per 2000 samples for the two files; bench/README.md has a measured run)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
pairinv=${PAIRINV:-$here/build/apps/pairinv}
n=${1:-2000}
ranks=${2:-2}
kills=${3:-3}
work=${LOAD_WORK:-$(mktemp -d)}
python=${PYTHON:-/usr/bin/python3}  # Debian's, with h5py
calc() { "$python" -c "print($1)"; }
mkdir -p "$work"
export HDF5_USE_FILE_LOCKING=FALSE  # reading the work file between kills
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_mpi_yield_when_idle=1
args=(survey -survey_family curvevel-a -survey_samples "$n" -acoustic_preset openfwi -acoustic_ranks_per_shot 1
      -survey_seed 7)
run() {  # run OUTPUT TIMEFILE: the survey on $ranks ranks, each rank's peak RSS (KB) into TIMEFILE.r
  mpiexec -n "$ranks" /usr/bin/time -f '%M' -o "$2.r%q{OMPI_COMM_WORLD_RANK}" "$pairinv" "${args[@]}" -output "$1"
}

echo "load_survey: $n samples on $ranks ranks in $work"
start=$(date +%s.%N)
run "$work/reference.h5" "$work/time" > "$work/reference.log" 2>&1
wall=$(calc "round($(date +%s.%N) - $start, 1)")
peak=$(cat "$work"/time.r* 2>/dev/null | sort -n | tail -1)
echo "uninterrupted: $wall s wall, $(calc "round($n / $wall, 2)") samples/s, peak memory per rank $((peak / 1024)) MB"

RANDOM=20261204
for ((k = 1; k <= kills; k++)); do
  delay=$(calc "round($wall * (10 + $RANDOM % 80) / 100 / $kills, 1)")
  setsid mpiexec -n "$ranks" "$pairinv" "${args[@]}" -output "$work/killed.h5" > "$work/killed_$k.log" 2>&1 &
  pid=$!
  sleep "$delay"
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  done_samples=$("$python" -c "import h5py,sys; print(int(h5py.File(sys.argv[1],'r')['completed'][:].sum()))" \
                 "$work/killed.h5.partial" 2>/dev/null || echo "?")
  echo "kill $k after $delay s: $done_samples of $n samples complete"
done
run "$work/killed.h5" "$work/time_resumed" > "$work/resumed.log" 2>&1
"$python" - "$work/reference.h5" "$work/killed.h5" "$n" <<'PY'
import os, sys
import h5py, numpy as np
a, b, n = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r"), int(sys.argv[3])
ok = True
for name in ("models", "data", "completed"):
    same = np.array_equal(a[name][:], b[name][:]) if name != "data" else all(
        np.array_equal(a["data"][i:i + 100], b["data"][i:i + 100]) for i in range(0, n, 100))
    print(f"/{name}: {'identical' if same else 'DIFFERENT'}")
    ok &= same
attrs = sorted(a.attrs) == sorted(b.attrs) and all(np.array_equal(a.attrs[k], b.attrs[k]) for k in a.attrs)
print("attributes:", "identical" if attrs else "DIFFERENT")
values = n * (a["models"][0].size + a["data"][0].size) * 4 + n
for path in sys.argv[1:3]:
    size = os.path.getsize(path)
    print(f"{os.path.basename(path)}: {size} bytes; the samples' values {values}; overhead {size - values} bytes")
    ok &= size - values <= 1 << 20
sys.exit(0 if ok and attrs else 1)
PY
cmp -s "$work/reference.h5" "$work/killed.h5" && echo "files: the same bytes" || echo "files: bytes differ (see above)"
