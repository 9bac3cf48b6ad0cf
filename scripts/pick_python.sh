#!/bin/sh
# Print the Python interpreter `make` builds .venv from (the Makefile's PY; PY=... overrides it).
# The system's python3 comes first: distributions build it with profile-guided optimisation and
# link-time optimisation into a static binary, and the time tagger runs about a quarter faster on
# it than on a plain build from source with a shared libpython, as pyenv makes by default
# (docs/time.md, Speed).  A candidate must be Python >= 3.11 with venv and ensurepip (so that
# `-m venv` gives a pip); else the python3 on PATH.
for cand in /usr/bin/python3 python3; do
    if command -v "$cand" >/dev/null 2>&1 \
        && "$cand" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
        echo "$cand"
        exit 0
    fi
done
echo python3
