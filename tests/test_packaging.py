"""The pinned dependency lists agree, and every data file the code reads is packaged."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pins(lines):
    return sorted(ln.strip() for ln in lines if re.match(r"^[A-Za-z0-9_.\-]+==", ln.strip()))


def test_requirements_match_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert _pins((ROOT / "requirements.txt").read_text().splitlines()) == sorted(project["dependencies"])
    dev = _pins((ROOT / "requirements-dev.txt").read_text().splitlines())
    assert set(project["optional-dependencies"]["dev"]) <= set(dev)


def test_every_dependency_is_pinned():
    for line in (ROOT / "requirements.txt").read_text().splitlines() + (ROOT / "requirements-dev.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            assert "==" in line, f"unpinned: {line}"


def test_data_files_are_package_data():
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["*"]
    exts = {g.removeprefix("*") for g in globs}
    for path in (ROOT / "khabar").rglob("*"):
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts:
            assert any(path.name.endswith(e) for e in exts), f"{path} would not be installed (add its suffix to package-data)"
