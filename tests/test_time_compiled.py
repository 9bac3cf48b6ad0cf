"""The compiled time tagger (khabar/extract/time/compiled.py): used only when built from the
sources on disk, and then it gives exactly what the Python modules give."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from khabar.extract.time import compiled, find_times
from khabar.extract.time.evaluate import load_gold

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "time"

# our own sentences for the other preferences and a partial reference (the gold set covers the rest)
_OWN = [
    "يلتقي الوزيران الخميس في جنيف بعد محادثات هاتفية أمس الثلاثاء",
    "ستنطلق الامتحانات بعد أسبوعين، على أن تعلن النتائج منتصف يوليو/تموز",
    "وقعت الاتفاقية في 15 شعبان 1446 هـ، وتستمر المفاوضات لنحو ثلاث ساعات يومياً",
]

_DUMP = r"""
import json, sys
from khabar.extract.time import compiled, find_times
rows = json.load(sys.stdin)
out = [[(e.start, e.end, e.type, e.rule, e.anchor, e.value.value if e.value else None,
         e.value.earliest if e.value else None, e.value.latest if e.value else None,
         e.value.certainty if e.value else None, e.value.mod if e.value else None,
         sorted((e.value.fields or {}).items()) if e.value else None)
        for e in find_times(t, r, prefer=p)] for t, r, p in rows]
json.dump({"build": compiled.loaded or "python", "out": out}, sys.stdout)
"""


def _rows() -> list[tuple[str, str | None, str]]:
    rows = [(r["sentence"], r["ref"] or None, "past") for r in load_gold(GOLD)]
    rows += [(t, r, p) for t in _OWN for r in ("2025-03-06", "2025-03", None) for p in ("past", "future")]
    return rows


def _run(rows: list, pure: bool) -> dict:
    env = dict(os.environ)
    env.pop("KHABAR_PURE_PYTHON", None)
    if pure:
        env["KHABAR_PURE_PYTHON"] = "1"
    got = subprocess.run([sys.executable, "-c", _DUMP], input=json.dumps(rows), capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=300)
    assert got.returncode == 0, got.stderr[-2000:]
    return json.loads(got.stdout)


def _require_build() -> None:
    ok, why = compiled.state()
    if ok:
        return
    if os.environ.get("CI") and shutil.which("gcc") and not os.environ.get("KHABAR_PURE_PYTHON"):
        pytest.fail(f"CI has a C compiler but no usable compiled tagger: {why} (see build/compiled.log)")
    pytest.skip(f"compiled tagger not in use: {why}")


def test_compiled_tagger_gives_what_the_python_modules_give():
    _require_build()
    rows = _rows()
    fast, pure = _run(rows, pure=False), _run(rows, pure=True)
    assert fast["build"] == "mypyc" and pure["build"] == "python"
    assert sum(len(o) for o in pure["out"]) > 3000  # the gold sentences hold expressions to compare
    diff = [(rows[i][0], a, b) for i, (a, b) in enumerate(zip(fast["out"], pure["out"], strict=True)) if a != b]
    assert not diff, diff[:3]


def test_the_package_runs_the_compiled_modules_when_they_match():
    _require_build()
    from khabar.extract.time import tagger, values

    assert compiled.loaded == "mypyc"
    assert not tagger.__file__.endswith(".py") and not values.__file__.endswith(".py")
    got = find_times("وصل الوفد أمس الثلاثاء", "2025-01-01")
    assert [e.value.value for e in got] == ["2024-12-31"]


def test_a_stale_or_broken_build_is_not_used(tmp_path, monkeypatch):
    # an edited tagger.py must run as Python, never as the extension built before the edit
    monkeypatch.delenv("KHABAR_PURE_PYTHON", raising=False)
    manifest = tmp_path / "manifest.json"
    monkeypatch.setattr(compiled, "MANIFEST", manifest)
    assert compiled.state() == (False, "no compiled build (make builds one)")
    manifest.write_text(json.dumps({"digest": "0" * 64, "modules": []}))
    ok, why = compiled.state()
    assert not ok and "older than the sources" in why
    manifest.write_text("{not json")
    ok, why = compiled.state()
    assert not ok and "unreadable" in why
    manifest.write_text(json.dumps({"digest": compiled.sources_digest(), "modules": []}))
    assert compiled.state() == (True, "ok")
    monkeypatch.setenv("KHABAR_PURE_PYTHON", "1")
    assert compiled.state() == (False, "KHABAR_PURE_PYTHON is set")


def test_a_build_that_fails_to_load_leaves_the_python_modules(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("KHABAR_PURE_PYTHON", raising=False)
    (tmp_path / "broken.so").write_bytes(b"not an extension")
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"digest": compiled.sources_digest(), "modules": [["khabar_broken_x", "broken.so"]]}))
    monkeypatch.setattr(compiled, "MANIFEST", manifest)
    monkeypatch.setattr(compiled, "BUILD", tmp_path)
    monkeypatch.setattr(compiled, "loaded", compiled.loaded)
    assert compiled.load() is None
    assert "khabar_broken_x" not in sys.modules
    assert "compiled time tagger not used" in capsys.readouterr().err
