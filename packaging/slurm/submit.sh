#!/bin/bash
# Submits a sharded Cartograph run to Slurm: an array of N shard tasks, then the merge as a job that
# depends on all of them (afterok). Prints the two job ids. (README, "Runs on a cluster".)
#
#   packaging/slurm/submit.sh [--gpu] [--sbatch "EXTRA SBATCH OPTIONS"] N OUT_DIR --base M0 --tuned M1 --corpus C ...
#
# --gpu asks for one GPU per shard task (--gres=gpu:1) and runs the maps on it (--device cuda).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
gpu=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --gpu) gpu=1; shift ;;
    --sbatch) read -r -a extra <<<"$2"; shift 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 3 ]; then
  echo "usage: $0 [--gpu] [--sbatch OPTS] N OUT_DIR COMPARE_OPTIONS..." >&2
  exit 2
fi
count=$1
out_dir=$2
shift 2
case "$count" in ''|*[!0-9]*|0) echo "error: N must be a positive whole number, not '$count'" >&2; exit 2 ;; esac
task_opts=()
compare_opts=("$@")
if [ "$gpu" = 1 ]; then
  task_opts+=(--gres=gpu:1)
  compare_opts+=(--device cuda)
fi
mkdir -p "$out_dir"
array=$(sbatch --parsable "${extra[@]}" "${task_opts[@]}" --array="0-$((count - 1))" \
  --output="$out_dir/shard-%a.log" "$here/cartograph-array.sbatch" "$out_dir" "${compare_opts[@]}")
array=${array%%;*}
merge=$(sbatch --parsable "${extra[@]}" --dependency="afterok:$array" --output="$out_dir/merge.log" \
  "$here/cartograph-merge.sbatch" "$out_dir" "$count")
echo "shards: job $array (array 0-$((count - 1))); merge: job ${merge%%;*} -> $out_dir/merged.cartograph"
