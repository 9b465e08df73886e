#!/usr/bin/env bash
# The GPU path, executed: every notebook with papermill on one GPU under JAX and PyTorch.
#
#   bash benchmarks/gpu_run.sh OUT_DIR
#
# Expects keras, papermill and the course package importable (see README, "GPU"), MNIST_NPZ
# set, and JAX and/or torch with CUDA. Runs, side by side on the one GPU:
#   jax:   5.1, 5.1.1 (reuses 5.1's trained models), 5.1.2 at the CPU budget (BUDGET=cpu)
#   jax:   5.1.2 at the book's budget (60,000 images, 5 epochs), one process per seed (BUDGETS['book'].seeds)
#   torch: 5.1, 5.1.1, 5.1.2 at the CPU budget
#   both:  the same seed trained twice (benchmarks/determinism.py)
# Executed notebooks, logs and timings go to OUT_DIR; benchmarks/gpu_results.py turns them
# into benchmarks/results-gpu.json.
set -u
out=${1:?usage: gpu_run.sh OUT_DIR}
# GPU_RUN_SMOKE=1: tiny settings, to try the script on a CPU before spending GPU time.
small=()
[ -n "${GPU_RUN_SMOKE:-}" ] && small=(-p EPOCHS 1 -p TRAIN_SIZE 500)
mkdir -p "$out/jax" "$out/torch"
export PYTHONUNBUFFERED=1 XLA_PYTHON_CLIENT_PREALLOCATE=false TF_CPP_MIN_LOG_LEVEL=3
export DLP_COURSE_CACHE="${DLP_COURSE_CACHE:-/tmp/dlp-course-cache}"

nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader > "$out/gpu.txt" 2>&1
python3 - > "$out/versions.json" <<'PY'
import importlib.metadata as md, json, platform
names = ["keras", "jax", "jaxlib", "torch", "numpy", "papermill"]
print(json.dumps({"python": platform.python_version(), **{n: md.version(n) for n in names}}))
PY

run() {  # run BACKEND NOTEBOOK TAG [papermill args...]
  local backend=$1 nb=$2 tag=$3
  shift 3
  local start=$SECONDS
  KERAS_BACKEND=$backend python3 -m papermill "chapters/$nb.ipynb" "$out/$backend/$nb$tag.ipynb" \
    --cwd chapters -k python3 --no-progress-bar "$@" "${small[@]}" > "$out/$backend/$nb$tag.log" 2>&1
  echo "$backend $nb$tag rc=$? seconds=$((SECONDS - start))" >> "$out/done.txt"
}

(
  run jax 5_1_intro_convnets ""
  run jax 5_1_1_convolution ""
  run jax 5_1_2_max_pooling "-cpu" -p BUDGET cpu
) &
for seed in 0 1 2 3 4; do
  run jax 5_1_2_max_pooling "-book-seed$seed" -p BUDGET book -y "SEEDS: [$seed]" &
done
(
  run torch 5_1_intro_convnets ""
  run torch 5_1_1_convolution ""
  run torch 5_1_2_max_pooling "-cpu" -p BUDGET cpu
) &
(
  for backend in jax torch; do
    KERAS_BACKEND=$backend python3 -m benchmarks.determinism ${GPU_RUN_SMOKE:+--train-size 500} \
      > "$out/$backend/determinism.json" \
      2> "$out/$backend/determinism.log"
    echo "$backend determinism rc=$?" >> "$out/done.txt"
  done
) &
wait
cat "$out/done.txt"
# One archive as well: some runners bring back only a few files.
tar -czf "$out.tar.gz" -C "$(dirname "$out")" "$(basename "$out")"
