# khabar: two commands matter. `make demo` and `make test` (both set themselves up).
# the interpreter .venv is made from: the system's optimised python3 where there is one
# (scripts/pick_python.sh says why), else python3 on PATH
PY      ?= $(shell sh scripts/pick_python.sh)
VENV    ?= .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DEMO_DB ?= out/demo.db

.PHONY: venv demo test test-fast bench eval train-ner lint clean browser tts compiled

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP)

# The time tagger compiled with mypyc (khabar/extract/time/compiled.py): used only while it
# matches the sources; where it cannot be built (no C compiler) the Python modules run.
COMPILED := build/compiled/manifest.json
$(COMPILED): $(STAMP) khabar/extract/time/tagger.py khabar/extract/time/values.py
	@mkdir -p build
	@echo "compiling the time tagger with mypyc, guided by a profile run (about four minutes; log in build/compiled.log)"
	@$(BIN)/python -c "import sys; from khabar.extract.time.compiled import build; sys.exit(build())" >build/compiled.log 2>&1 \
	  && tail -1 build/compiled.log \
	  || echo "note: the time tagger could not be compiled (build/compiled.log); it runs as Python"

compiled: $(COMPILED)

# Debian's chromium (for the web UI's end-to-end tests) and espeak-ng (for 'listen'):
# installed when we are root and they are missing; tests skip with a reason otherwise.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1) \
	  || echo "note: chromium not installed; browser tests will skip"; }

tts:
	@command -v espeak-ng >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng >/dev/null 2>&1) \
	  || echo "note: espeak-ng not installed; 'listen' will say why it cannot speak"; }

demo: $(STAMP) $(COMPILED) tts
	@mkdir -p out
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/khabar --db $(DEMO_DB) run examples/
	$(BIN)/khabar --db $(DEMO_DB) stats
	$(BIN)/khabar --db $(DEMO_DB) stories --top
	@SID=$$($(BIN)/khabar --db $(DEMO_DB) stories --top --json | $(BIN)/python -c "import json,sys; print(json.load(sys.stdin)[0]['id'])"); \
	  echo; echo "== the biggest story, $$SID: its summary and timeline"; \
	  $(BIN)/khabar --db $(DEMO_DB) summary $$SID --md; echo; \
	  $(BIN)/khabar --db $(DEMO_DB) timeline $$SID --md
	@echo
	@echo "Next: $(BIN)/khabar --db $(DEMO_DB) serve   (the web UI at http://127.0.0.1:8000/)"
	@echo "      $(BIN)/khabar --db $(DEMO_DB) quotes | entities | events | report STORY --format html -o story.html"

test: $(STAMP) $(COMPILED) browser
	$(BIN)/python -m pytest -q -n 2 --durations=15

test-fast: $(STAMP) $(COMPILED)
	$(BIN)/python -m pytest -q -n 2 -m "not e2e and not slow"

bench: $(STAMP) $(COMPILED)
	$(BIN)/python -m bench

# Every quality figure (needs ../shared): precision/recall/F1 against gold data.
eval: $(STAMP) $(COMPILED)
	bash scripts/eval_all.sh

# the shipped vote of five CRFs (train.py defaults; docs/ner.md): about 40 minutes on two cores
train-ner: $(STAMP)
	$(BIN)/python -m khabar.extract.entities.train --jobs 2

lint: $(STAMP)
	$(BIN)/ruff check khabar tests bench

clean:
	rm -rf $(VENV) out .pytest_cache
