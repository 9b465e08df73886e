# The two README commands:
#   make book   set up .venv (runtime) and build the book into _build/html from the
#               committed, executed notebooks (nothing is retrained)
#   make test   set up .venv (dev) and the Debian packages, then run the whole suite
# and the printable edition (CI runs it after make test):
#   make pdf    set up TeX (scripts/setup_tex.sh), typeset the book with XeLaTeX into
#               _build/latex/convnet-course.pdf from the same notebooks, check it (tests/pdf_checks.py)
PY := .venv/bin/python
# Offline MNIST: use the shared copy beside the checkout when there is one (CI sets it too).
SHARED_MNIST := $(wildcard $(abspath ../shared/data/mnist/mnist.npz))
ifneq ($(SHARED_MNIST),)
export MNIST_NPZ ?= $(SHARED_MNIST)
endif
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Two pytest workers (xdist); tests/conftest.py sends what must share a process as one unit, longest first.
TEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS)

.PHONY: book pdf test test-fast lint bench bench-suite spread execute clean lock test-oldest mutate

book:
	scripts/setup_env.sh
	.venv/bin/jupyter-book build . --quiet

# Not in make test: TeX is installed and the PDF checked only here, so the suite's time is not spent on TeX.
pdf:
	scripts/setup_env.sh --dev
	scripts/setup_tex.sh
	.venv/bin/jupyter-book build . --builder pdflatex --quiet
	$(PY) -m pytest -p no:xdist -o addopts="" tests/pdf_checks.py

# COURSE_STRICT=1 (tests/strict.py): a skip that would hide a lost check fails instead.
test:
	scripts/setup_env.sh --dev
	COURSE_STRICT=1 $(PYTEST)

# Unit tests and papermill smoke runs only (minutes, for development).
test-fast:
	scripts/setup_env.sh --dev
	$(PYTEST) -m "not slow"

lint:
	scripts/setup_env.sh --dev
	$(PY) -m pytest tests/test_lint.py

# Re-execute every notebook in place at full settings, in book order (before committing a change);
# the same run records each kernel's peak memory in benchmarks/memory.json.
execute:
	scripts/setup_env.sh --dev
	$(PY) -m benchmarks.memory --in-place

bench:
	scripts/setup_env.sh --dev
	$(PY) -m benchmarks.run

# Time the whole suite as `make test` runs it; per-unit times and the total go to
# benchmarks/suite-times.json (the README quotes it). E.g. BENCH_ARGS='--label "after" --repeats 3'.
bench-suite:
	scripts/setup_env.sh --dev
	$(PY) -m benchmarks.suite --workers $(TEST_WORKERS) $(BENCH_ARGS)

# Train every checked model with many seeds, and each setting's two breakages (hours on 2 cores), and rewrite
# benchmarks/seed_spread.json, from which every threshold on a trained number comes.
spread:
	scripts/setup_env.sh --dev
	$(PY) -m benchmarks.seed_spread --breakages

# Regenerate requirements.lock, requirements-dev.lock and requirements-oldest.lock from the ranges in
# requirements*.txt with uv (pins kept where the ranges still allow them), and the README's versions line.
# E.g. LOCK_ARGS=--upgrade for the newest allowed versions, LOCK_ARGS="--upgrade-package keras" for one.
lock:
	@test -x $(PY) || scripts/setup_env.sh --dev
	$(PY) -m scripts.lock compile $(LOCK_ARGS)

# The lowest versions the ranges allow (requirements-oldest.lock, in .venv/oldest): every notebook at
# small settings on TensorFlow, checked by tests/chapter_checks.py; executed copies in artifacts/oldest/.
test-oldest:
	scripts/setup_env.sh --oldest
	.venv/oldest/bin/python -m scripts.run_oldest

# Prove the suite can fail (scripts/mutate.py): each targeted breakage on a copy of the tree must turn its tests
# red; which tests caught it goes to benchmarks/mutations.json. Minutes, so not part of make test.
mutate:
	scripts/setup_env.sh --dev
	$(PY) -m scripts.mutate

clean:
	rm -rf _build
