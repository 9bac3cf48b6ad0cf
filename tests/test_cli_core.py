"""The core CLI on a temporary database: ingest, list, show, search, stats, annotators,
eval clean; and the docs that must not drift (annotators.md, schema.md)."""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def ingested(run_cli, examples_dir):
    res = run_cli("ingest", "--only-store", "--no-progress", str(examples_dir))
    return res


def test_ingest_reports_counts_encodings_and_is_idempotent(ingested, run_cli, examples_dir):
    out = ingested.output
    assert "15 new" in out and "0 skipped" in out
    assert "read as windows-1256" in out and "read as utf-16-le" in out
    again = run_cli("ingest", "--only-store", "--no-progress", "--json", str(examples_dir))
    report = json.loads(again.stdout)
    assert report["ingest"]["new"] == 0 and report["ingest"]["same"] == 15 and report["ingest"]["changed"] == 0


def test_list_json_has_id_and_external_id(ingested, run_cli):
    rows = json.loads(run_cli("list", "--json").output)
    assert len(rows) == 15
    assert all(r["id"] and "external_id" in r for r in rows)
    assert {"WIRE-2018-0601-017", "singapore-eve.txt"} <= {r["external_id"] for r in rows}


def test_show_json_has_text_and_metadata(ingested, run_cli):
    data = json.loads(run_cli("show", "doha-ceasefire-announced.txt", "--json").output)
    assert data["text"].startswith("أعلن رئيس مجلس الوزراء وزير الخارجية القطري")
    assert data["published"] == "2025-01-15" and data["dateline"] == "الدوحة"
    assert len(data["summary"]) == 3 and len(data["related"]) == 1
    plain = run_cli("show", data["id"][:8]).output
    assert "published         2025-01-15" in plain and "summary (the outlet's own):" in plain


def test_show_unknown_is_a_clear_error(ingested, run_cli):
    res = run_cli("show", "nope-nope", ok=False)
    assert res.exit_code != 0 and "Error: no article 'nope-nope'" in res.output


@pytest.mark.parametrize("query", ["ترمب", "ترامب"])
def test_search_json_hits(ingested, run_cli, query):
    hits = json.loads(run_cli("search", query, "--json").output)
    assert hits and all("article_id" in h for h in hits)


def test_search_finds_spelling_forms(ingested, run_cli):
    # 'سنغافورة' written with taa marbuta or haa, and glued to a proclitic in the text ('بسنغافورة' is not needed)
    a = {h["article_id"] for h in json.loads(run_cli("search", "سنغافورة", "--json").output)}
    b = {h["article_id"] for h in json.loads(run_cli("search", "سنغافوره", "--json").output)}
    assert a == b and len(a) >= 5


def test_stats_json(ingested, run_cli):
    st = json.loads(run_cli("stats", "--json").output)
    assert st["articles"] == 15 and st["dated_articles"] == 11
    assert st["outlets"]["وكالة المدار للأنباء"] == 4


def test_other_formats(ingested, run_cli):
    csv_out = run_cli("list", "--csv").output
    assert csv_out.splitlines()[0].startswith("id,external_id,outlet")
    jl = run_cli("list", "--jsonl").output.strip().splitlines()
    assert len(jl) == 15 and json.loads(jl[0])["id"]
    assert run_cli("list", "--md").output.startswith("| id | external_id")


def test_skipped_command_lists_reasons(tmp_path, run_cli):
    (tmp_path / "empty.txt").write_bytes(b"")
    out = run_cli("ingest", "--only-store", "--no-progress", str(tmp_path)).output
    assert f"{tmp_path / 'empty.txt'}: empty file" in out
    rows = json.loads(run_cli("skipped", "--json").output)
    assert rows[0]["reason"] == "empty file"


def test_seeds_alaska_search_any_hamza_form(run_cli, seeds_dir):
    run_cli("ingest", "--only-store", "--no-progress", str(seeds_dir))
    want = {"000_2f026c3b474da70a.txt", "001_ab1263de56029f80.txt"}
    ids = {r["id"]: r["external_id"] for r in json.loads(run_cli("list", "--json").output)}
    for q in ("آلاسكا", "الاسكا", "ألاسكا"):
        hits = json.loads(run_cli("search", q, "--json").output)
        assert want <= {ids.get(h["article_id"]) for h in hits}, q


def test_eval_clean_on_seeds(run_cli, seeds_dir, seeds_gold, shared_dir):
    res = run_cli("eval", "clean", "--seeds", str(seeds_dir), "--gold", str(shared_dir / "gold" / "seeds.json"),
                  "--json")
    t = json.loads(res.output)["totals"]
    assert t["files"] == 5
    assert t["boilerplate_removed"] == t["boilerplate_total"] >= 20
    assert t["sentences_kept"] == t["sentences_total"] >= 100


def test_annotators_are_all_documented(run_cli):
    rows = json.loads(run_cli("annotators", "--json").output)
    doc = (ROOT / "docs" / "annotators.md").read_text(encoding="utf-8")
    missing = [r["name"] for r in rows if f"`{r['name']}`" not in doc]
    assert not missing, f"add these to docs/annotators.md: {missing}"


def test_schema_doc_is_generated_and_current():
    spec = importlib.util.spec_from_file_location("gen_schema", ROOT / "docs" / "gen_schema.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    text = mod.render()
    assert (ROOT / "docs" / "schema.md").read_text(encoding="utf-8") == text, "run: python docs/gen_schema.py"
    import khabar.model as m

    for name in m.__all__:
        if name not in ("LAYER_TYPES", "Record"):
            assert f"## {name}\n" in text


def test_core_commands_have_examples():
    from khabar.app.cli import get_cli

    cli = get_cli()
    for name in ("ingest", "run", "analyze", "update", "list", "show", "search", "stats", "annotators", "skipped"):
        assert re.search(r"Example:\s*\n\s*\n\s+khabar", cli.commands[name].help or ""), name
    assert "Example:" in (cli.commands["eval"].commands["clean"].help or "")


def test_run_is_the_whole_job_on_examples(run_cli, examples_dir):
    run_cli("run", "--no-progress", str(examples_dir))
    st = json.loads(run_cli("stats", "--json").output)
    assert st["articles"] == 15
    assert st["annotations"], "the analysis step stored no layers"
    again = run_cli("run", "--no-progress", "--json", str(examples_dir))
    rep = json.loads(again.stdout)
    assert rep["ingest"]["new"] == 0 and rep["ingest"]["changed"] == 0 and rep["analyze"]["articles"] == 0
