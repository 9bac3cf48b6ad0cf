"""Every model class round-trips through JSON."""
import json

from khabar.model import (
    Article,
    Citation,
    Entity,
    Event,
    Participant,
    PublicationDate,
    Quote,
    Story,
    TimeExpr,
    TimeValue,
)


def rt(obj):
    return type(obj).from_dict(json.loads(json.dumps(obj.to_dict(), ensure_ascii=False)))


def test_round_trip_nested():
    ev = Event(
        10, 40, "phone_call", "events.rules.v1", modality="scheduled",
        participants=[Participant("بوتين", "Q7747", "agent", 3, 8)],
        time=TimeValue("XXXX-XX-XX", grain="weekday", fields={"weekday": 1}, certainty="partial"),
        evidence=[Citation("a1", 10, 40)],
    )
    assert rt(ev) == ev
    assert isinstance(rt(ev).participants[0], Participant)
    for obj in [
        Article(id="x", text="نص", summary=["نقطة"], meta={"k": 1}),
        TimeExpr(1, 5, value=TimeValue("2025-08-15", earliest="2025-08-15", latest="2025-08-15"), rule="abs.dmy"),
        Quote(0, 9, "direct", speaker="بيسكوف", via="سبوتنيك"),
        Entity("e1", "PER", "ترامب", "Donald Trump", variants=["ترمب"]),
        Story("s1", "قمة ألاسكا", article_ids=["a", "b"]),
        PublicationDate("a", TimeValue("2025-08-20"), "corpus", ["weekday"]),
    ]:
        assert rt(obj) == obj
