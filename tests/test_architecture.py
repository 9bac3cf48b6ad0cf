"""The layers of docs/ARCHITECTURE.md: imports point down only."""
import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "khabar"

# What each layer may import from khabar (besides itself).
ALLOWED = {
    "model": set(),
    "settings": set(),
    "text": {"model"},
    "ingest": {"model", "text", "settings"},
    "extract": {"model", "text", "settings"},
    "corpus": {"model", "text", "extract", "settings"},
    "store": {"model", "text", "settings"},
    "app": {"model", "text", "ingest", "extract", "corpus", "store", "settings"},
}


def _layer(path: Path) -> str:
    rel = path.relative_to(PKG)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 or rel.name != "__init__.py" else ""


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield node.lineno, a.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


FILES = sorted(p for p in PKG.rglob("*.py") if _layer(p) in ALLOWED)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PKG)))
def test_imports_point_down(path):
    layer = _layer(path)
    bad = []
    for line, mod in _imports(path):
        parts = mod.split(".")
        if parts[0] != "khabar" or len(parts) < 2:
            continue
        target = parts[1]
        if target in ("__init__",) or target == layer:
            continue
        if target not in ALLOWED[layer]:
            bad.append(f"line {line}: {mod}")
    assert not bad, f"{layer} must not import upward: {bad}"


def test_nothing_imports_app():
    for path in PKG.rglob("*.py"):
        if _layer(path) in ("app", "__main__"):  # `python -m khabar` is the CLI's entry point
            continue
        for line, mod in _imports(path):
            assert not mod.startswith("khabar.app"), f"{path}:{line} imports {mod}"
