# The front door: `make demo` and `make test` install everything they need into .venv.
PY := $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE := inventory/example-taian
TOPOLOGY := topologies/example-taian.yaml
POLICY := policies/example-taian.yaml
OUT := reports/example-taian

.PHONY: install demo test lint bench browser clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,stacks]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP) browser
	$(BIN)/planner validate $(EXAMPLE) --topology $(TOPOLOGY) --policy $(POLICY)
	$(BIN)/planner plan $(EXAMPLE) --topology $(TOPOLOGY) --policy $(POLICY) --out $(OUT) || test $$? -eq 7  # 7: a milestone is unmet (the plan is written)
	$(BIN)/planner verify $(OUT)/plan.json --inventory $(EXAMPLE) --topology $(TOPOLOGY) --policy $(POLICY)
	$(BIN)/planner report $(OUT)/plan.json --out $(OUT) --lang zh --screenshot
	$(BIN)/planner report $(OUT)/plan.json --out $(OUT)/en --lang en
	$(BIN)/planner emit $(OUT)/plan.json --target alicloud --out $(OUT)/stacks-alicloud
	$(BIN)/planner emit $(OUT)/plan.json --target openstack --out $(OUT)/stacks-openstack
	@echo "demo outputs are in $(OUT)/"

# Browser tests need Debian's chromium; without it (no root, no apt) they are skipped, never failed.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) 2>/dev/null \
	  || echo "note: chromium could not be installed; the browser tests will be skipped"; }

test: $(STAMP) browser
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check planner tests benchmarks stacks tools
	$(BIN)/lint-imports  # the layers of the house (pyproject.toml [tool.importlinter])

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
