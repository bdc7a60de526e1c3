# Two commands on a fresh machine (Python 3.11, git, make):
#   make run   — set up, then score the demo department-year and print its 评分表
#   make test  — set up, then run every test
PYTHON ?= python3.11
TOOLS  := .tools
UV     := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup run test bench lint clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON) --quiet
	touch $@

setup: .venv/.synced

run: setup
	.venv/bin/jixiao score cases/seed-004/input.yaml --full

test: setup
	.venv/bin/python -m pytest

bench: setup
	.venv/bin/python benchmarks/bench_scoring.py

clean:
	rm -rf .venv $(TOOLS)
