# The two commands of the README: `make demo` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SCALE ?= small

.PHONY: demo test lint typecheck unit docs bench clean system-deps

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q uv

$(VENV)/.installed: pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install -q --python $(BIN)/python -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	scripts/system-deps.sh fonts-noto-cjk libreoffice-writer-nogui
	$(BIN)/beizeng demo run --scale $(SCALE)

system-deps:
	scripts/system-deps.sh

lint: $(VENV)/.installed
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed
	$(BIN)/mypy

unit: $(VENV)/.installed system-deps
	$(BIN)/pytest -n 2 --dist loadgroup

test: lint typecheck unit

docs: $(VENV)/.installed
	$(BIN)/typer beizeng.cli.app utils docs --name beizeng --title "beizeng 命令行参考" --output docs/cli.md

# The self-contained benchmarks (each makes its own data). The city-scale and load benchmarks
# build large homes first; their commands are in docs/performance.md.
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/ledger_import.py
	$(BIN)/python benchmarks/platform_matching.py
	$(BIN)/python benchmarks/outreach_assign.py
	$(BIN)/python benchmarks/reference_lookups.py
	$(BIN)/python benchmarks/demo_generate.py

clean:
	rm -rf $(VENV) beizeng-data
