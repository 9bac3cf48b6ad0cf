"""Shared fixtures.  ../shared is read-only reference material: tests that need it
skip with a clear reason where it is absent (a user's fresh clone has none)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KHABAR_SHARED", ROOT.parent / "shared"))
EXAMPLES = ROOT / "examples"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is only beside the project's checkout)")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _need(SHARED)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(SHARED / "corpus" / "seeds")


@pytest.fixture(scope="session")
def seeds_gold() -> dict:
    return json.loads(_need(SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def ant_path() -> Path:
    return _need(SHARED / "data" / "news" / "ant-2018-05.jsonl")


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture()
def store(tmp_path):
    from khabar.store import Store

    s = Store(tmp_path / "test.db")
    yield s
    s.close()


@pytest.fixture()
def db_path(tmp_path) -> Path:
    return tmp_path / "cli.db"


@pytest.fixture()
def run_cli(db_path):
    """Invoke the real CLI on a temporary database: run_cli('list', '--json')."""
    from khabar.app.cli import get_cli

    runner = CliRunner()

    def _run(*args: str, ok: bool = True, input: str | None = None):
        result = runner.invoke(get_cli(), ["--db", str(db_path), *args], input=input, catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return _run


@pytest.fixture()
def web(tmp_path):
    """(TestClient, ids) over a small store built in the contract formats (tests/test_web_data.py)."""
    import warnings

    from test_web_data import build

    from khabar.app.api import create_app
    from khabar.store import Store

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    db = tmp_path / "web.db"
    s = Store(db)
    ids = build(s)
    s.close()
    return TestClient(create_app(db)), ids
