# Two commands for a fresh machine: `make demo` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: demo test bench clean-index

$(STAMP): pyproject.toml setup.py retold/_dpc.c retold/_strhash.c retold/_seqmatch.c retold/_lexc.c retold/_buffer.h
	@test -x $(PY) || python3 -m venv $(VENV)
	@echo "installing retold and its test tools into $(VENV) (log: $(VENV)/install.log)"
	@$(PY) -m pip install --disable-pip-version-check -e '.[test]' > $(VENV)/install.log 2>&1 \
		|| { tail -30 $(VENV)/install.log; exit 1; }
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

demo: $(STAMP)
	@rm -f .retold/demo.sqlite .retold/demo.sqlite-wal .retold/demo.sqlite-shm
	$(VENV)/bin/retold scan demo/corpus --index .retold/demo.sqlite --json .retold/demo.json
	@echo "JSON report: .retold/demo.json · try: $(VENV)/bin/retold compare agency/border-original farms/border-roundtrip --index .retold/demo.sqlite"

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	@$(PY) -m pip install -q --disable-pip-version-check -e '.[bench]' > $(VENV)/install-bench.log 2>&1 \
		|| { tail -30 $(VENV)/install-bench.log; exit 1; }
	$(PY) benchmarks/run_all.py
