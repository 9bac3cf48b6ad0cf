"""The NER ensemble: decoding of combined members (valid BIO, K=1 equals the single
model), chunk votes, cluster column groups, compressed model files.

Example sentences are written for these tests (no corpus text)."""
from __future__ import annotations

import random

import numpy as np
import pytest

from khabar.extract.entities import clusters
from khabar.extract.entities.features import gaz_bio, sent_features
from khabar.extract.entities.model import (
    Tagger,
    _allowed,
    best_bilou,
    chunk_vote,
    repair_bio,
    tagger,
)
from khabar.text.normalize import normalize

SENTENCES = [
    "وقال وزير الخارجية المصري سامح شكري إن المحادثات في القاهرة كانت مثمرة .",
    "التقى رئيس بلدية مدينة سنار عبد الرحيم الطيب بوفد من منظمة الصحة العالمية أمس .",
    "أعلنت شركة النيل للبترول افتتاح فرعها الجديد في كسلا وبورتسودان .",
    "فاز نادي المريخ على ضيفه الهلال بهدفين في الخرطوم .",
    "و قال المتحدث باسم الحكومة الأردنية إن عمان ترحب بالمبادرة .",
]
LABELS = ["O"] + [f"{p}-{t}" for t in ("PER", "ORG", "GPE") for p in ("B", "I", "L", "U")]


def valid_bilou(path: list[str]) -> bool:
    prev = ""
    for lab in path:
        if not _allowed(prev, lab):
            return False
        prev = lab
    return _allowed(prev, "")


def valid_bio(tags: list[str]) -> bool:
    return tags == repair_bio(tags) and all(t == "O" or t[:2] in ("B-", "I-") for t in tags)


@pytest.fixture(scope="module")
def tg():
    return tagger()


def test_best_bilou_is_always_a_valid_path():
    rng = np.random.default_rng(5)
    for _ in range(200):
        n = int(rng.integers(1, 12))
        scores = rng.dirichlet(np.ones(len(LABELS)), size=n)
        path = best_bilou(scores, LABELS)
        assert len(path) == n and valid_bilou(path)


def test_best_bilou_follows_clear_marginals_and_repairs_a_broken_one():
    def onehot(labs, p=0.9):
        m = np.full((len(labs), len(LABELS)), (1 - p) / (len(LABELS) - 1))
        for t, lab in enumerate(labs):
            m[t, LABELS.index(lab)] = p
        return m

    want = ["O", "B-PER", "I-PER", "L-PER", "O", "U-GPE"]
    assert best_bilou(onehot(want), LABELS) == want
    # B-PER then O is not a path: the best valid one is taken instead
    broken = onehot(["B-PER", "O"])
    assert valid_bilou(best_bilou(broken, LABELS))


def test_chunk_vote_keeps_majority_chunks():
    a = ["U-PER", "O", "B-ORG", "L-ORG"]
    b = ["U-PER", "O", "U-GPE", "O"]
    c = ["O", "O", "B-ORG", "L-ORG"]
    assert chunk_vote([a, b, c]) == ["U-PER", "O", "B-ORG", "L-ORG"]
    assert chunk_vote([a, b, ["O"] * 4]) == ["U-PER", "O", "O", "O"]
    rnd = random.Random(3)
    for _ in range(100):
        paths = [[rnd.choice(LABELS) for _ in range(6)] for _ in range(3)]
        assert valid_bilou(chunk_vote(paths))  # the inputs need not be valid paths


def test_ensemble_tags_are_valid_bio(tg):
    for s in SENTENCES:
        toks = s.split()
        for combine in ("marginals", "vote"):
            t = Tagger(members=tg.members, combine=combine)
            tags = t.tag(toks)
            assert len(tags) == len(toks) and valid_bio(tags)
        norm = [normalize(w) for w in toks]
        # the marginal path even where the members agree
        assert valid_bilou(tg.bilou(norm, fast=False))


def test_one_member_ensemble_is_the_single_model(tg):
    g = tg.gaz
    for m in tg.members:
        one = Tagger(members=[m])
        for s in SENTENCES:
            norm = [normalize(w) for w in s.split()]
            feats = sent_features(norm, g, gaz_bio(norm, g)[0], m.table)
            assert one.bilou(norm) == m.crf.tag(feats)
            # without the fast path: the best valid path through the model's own marginals
            assert valid_bilou(one.bilou(norm, fast=False))


def test_one_member_marginal_path_mostly_equals_viterbi(tg):
    m = tg.members[0]
    one = Tagger(members=[m])
    same = sum(one.bilou(n, fast=False) == one.bilou(n) for n in ([normalize(w) for w in s.split()] for s in SENTENCES))
    assert same >= len(SENTENCES) - 1


def test_cluster_column_groups(tmp_path):
    path = tmp_path / "c.tsv.gz"
    clusters.write(
        {"سنار": (1, 2, 5, 6), "كسلا": (1, 3, "-", "-")}, path, "test", names=("c64.s7", "c256.s7", "c64.s3", "c256.s3")
    )
    groups = clusters.split_members(clusters.load(path))
    assert set(groups) == {"s7", "s3"}
    assert groups["s7"].names == ("c64", "c256") and groups["s3"].names == ("c64", "c256")
    assert groups["s7"]["كسلا"] == ("1", "3") and "كسلا" not in groups["s3"]
    assert groups["s3"]["سنار"] == ("5", "6")
    plain = tmp_path / "p.tsv.gz"
    clusters.write({"سنار": (1, 2)}, plain, "test", names=("c64", "c256"))
    assert list(clusters.split_members(clusters.load(plain))) == [""]


def test_manifest_members_gzip_models_and_column_groups(tmp_path, tg):
    """An ensemble folder as `train --members` writes it: gzip-compressed models opened in
    memory, one cluster table whose column groups are the members' tables."""
    import gzip
    import json

    from khabar.extract.entities.model import ENSEMBLE_PATH, MODEL_PATH, load_members

    if ENSEMBLE_PATH.exists():  # the shipped ensemble: two copies of its first member
        spec = json.loads(ENSEMBLE_PATH.read_text(encoding="utf-8"))
        first = spec["members"][0]
        raw = gzip.decompress((ENSEMBLE_PATH.parent / first["model"]).read_bytes())
        base = clusters.split_members(clusters.load(ENSEMBLE_PATH.parent / spec["clusters"]))[first["columns"]]
        ref = Tagger(members=load_members()[:1])
    else:  # the shipped single model
        raw, base, ref = MODEL_PATH.read_bytes(), clusters.load(), tg
    (tmp_path / "ner_s1.crfsuite.gz").write_bytes(gzip.compress(raw))
    (tmp_path / "ner_s2.crfsuite.gz").write_bytes(gzip.compress(raw))
    both = {w: tuple(cs) + tuple(cs) for w, cs in base.items()}
    names = tuple(f"{n}.s1" for n in base.names) + tuple(f"{n}.s2" for n in base.names)
    clusters.write(both, tmp_path / "ner_clusters.tsv.gz", "test", names=names)
    spec = {"clusters": "ner_clusters.tsv.gz", "combine": "marginals",
            "members": [{"model": "ner_s1.crfsuite.gz", "columns": "s1"}, {"model": "ner_s2.crfsuite.gz", "columns": "s2"}]}
    (tmp_path / "ner_models.json").write_text(json.dumps(spec), encoding="utf-8")
    members = load_members(tmp_path / "ner_models.json")
    assert [m.name for m in members] == ["s1", "s2"] and members[0].table.names == base.names
    two = Tagger(members=members)
    one = Tagger(members=[members[0]])
    for s in SENTENCES:
        toks = s.split()
        # two copies of one model: the ensemble is that model, with or without the fast path
        assert two.tag(toks) == one.tag(toks) == ref.tag(toks)
        norm = [normalize(w) for w in toks]
        assert two.bilou(norm, fast=False) == one.bilou(norm, fast=False)


def test_member_features_are_each_members_sentence_features(tg):
    # the ensemble builds the cluster-free features once per sentence: each member must still see
    # exactly what sent_features gives it (the same multiset of features)
    from collections import Counter

    from khabar.extract.entities.features import member_features

    tables = [m.table for m in tg.members]
    for s in SENTENCES:
        norm = [normalize(w) for w in s.split()]
        gaz = gaz_bio(norm, tg.gaz)[0]
        for table, feats in zip(tables, member_features(norm, tg.gaz, gaz, tables), strict=True):
            ref = sent_features(norm, tg.gaz, gaz, table)
            assert [Counter(f) for f in feats] == [Counter(f) for f in ref]
            assert any(x.startswith(("c64=", "c=none")) for f in feats for x in f)
