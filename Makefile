# Developer entry points (see README.md).
#   make demo   build + install the collection, start the ACS emulator, run playbooks/provision_numbers.yml
#   make test   set up ./.venv and run every test level (tests/run-all.sh -> tests/runner/run_all.py)
#   make bench  set up ./.venv and run the benchmarks against the emulator and the official SDK (bench/run.py -> bench/RESULTS.md)
.PHONY: demo test bench

demo:
	bash scripts/demo.sh

test:
	bash tests/run-all.sh

bench:
	bash scripts/ensure-venv.sh && .venv/bin/python bench/run.py $(BENCH_ARGS)
