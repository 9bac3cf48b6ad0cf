"""The Arabic text layer: normalisation keys, match keys, segmentation with offsets."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from khabar.text.keys import match_keys
from khabar.text.normalize import norm_with_map, normalize
from khabar.text.segment import split_sentences, tokenize


@pytest.mark.parametrize(
    "a, b",
    [
        ("آلاسكا", "ألاسكا"),
        ("الاسكا", "إلاسكا"),
        ("مستشفى", "مستشفي"),
        ("القمة", "القمه"),
        ("مُحَمَّد", "محمد"),
        ("الـــرئيس", "الرئيس"),
        ("٢٠٢٥", "2025"),
        ("۲۰۲۵", "2025"),
        ("مسؤول", "مسوول"),
    ],
)
def test_normalise_variants_meet(a, b):
    assert normalize(a) == normalize(b)


def test_normalise_keeps_different_words_apart():
    assert normalize("ترامب") != normalize("بايدن")


@given(st.text(alphabet="أإآابتةىيئؤـًٌٍَُِّْ ٠١٢abc", max_size=40))
def test_norm_map_points_back(text):
    norm, index = norm_with_map(text)
    assert len(norm) == len(index)
    for ch, i in zip(norm, index, strict=False):
        assert normalize(text[i]) == ch


@pytest.mark.parametrize(
    "token, base",
    [("وبوتين", "بوتين"), ("بالكرملين", "الكرملين"), ("للرئيس", "الرئيس"), ("وأوكرانيا", "اوكرانيا"), ("فروسيا", "روسيا")],
)
def test_match_keys_peel_proclitics(token, base):
    keys = match_keys(token)
    assert keys[0] == normalize(token)
    assert normalize(base) in keys


def test_match_keys_never_mangle_names():
    # the unpeeled form always comes first, so 'بوتين' itself still matches
    assert match_keys("بوتين")[0] == "بوتين"
    assert match_keys("وارسو")[0] == "وارسو"


def test_sentences_split_glued_stop_and_keep_offsets():
    text = "قال بيسكوف إن المكالمة مهمة.وبذلك انتهى الأمر. وأضاف: \"نحن ممتنون\".\nسطر جديد"
    sents = split_sentences(text)
    got = [text[s.start : s.end] for s in sents]
    assert got[0] == "قال بيسكوف إن المكالمة مهمة."
    assert got[1] == "وبذلك انتهى الأمر."
    assert got[2] == 'وأضاف: "نحن ممتنون".'
    assert got[3] == "سطر جديد"


def test_sentences_do_not_split_numbers():
    text = "ارتفع المؤشر 3.5 في المئة اليوم."
    assert len(split_sentences(text)) == 1


def test_tokens_have_offsets():
    text = "بوتين و ترامب في ٢٠٢٥، أوبك+"
    toks = tokenize(text)
    for t in toks:
        assert text[t.start : t.end] == t.text
    assert "أوبك+" in [t.text for t in toks]
    assert "٢٠٢٥" in [t.text for t in toks]
