# The two commands of the README: `make demo` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SCALE ?= small

.PHONY: demo test lint typecheck unit docs bench clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q uv

$(VENV)/.installed: pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install -q --python $(BIN)/python -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/beizeng demo run --scale $(SCALE)

lint: $(VENV)/.installed
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed
	$(BIN)/mypy

unit: $(VENV)/.installed
	$(BIN)/pytest -n 2 --dist loadgroup

test: lint typecheck unit

docs: $(VENV)/.installed
	$(BIN)/typer beizeng.cli.app utils docs --name beizeng --title "beizeng 命令行参考" --output docs/cli.md

bench: $(VENV)/.installed
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) beizeng-data
