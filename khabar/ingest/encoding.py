"""Decode bytes into text, saying which encoding it was.

Cheapest evidence first: a byte-order mark, then strict UTF-8, then UTF-16 without
a BOM (many NUL bytes at alternating positions), then Windows-1256 when the bytes
decode to mostly Arabic letters, then charset-normalizer as the last guess.
Binary content (NUL bytes that are not UTF-16) is refused.
"""
from __future__ import annotations

import codecs

from khabar.text.normalize import arabic_ratio

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we recognise (one clear sentence)."""


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    # Latin text in UTF-16 has NULs in the high bytes; Arabic has 0x06 there.
    hi_le = sum(1 for b in sample[1::2] if b in (0, 6))
    hi_be = sum(1 for b in sample[0::2] if b in (0, 6))
    if hi_le > 0.9 * half and odd >= even:
        return "utf-16-le"
    if hi_be > 0.9 * half and even > odd:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for ``data``; raises DecodeError for binary or undecodable bytes."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {name} byte-order mark but is not valid {name}: {exc.reason}") from exc
            label = "utf-8-bom" if name == "utf-8-sig" else ("utf-16-le" if bom == codecs.BOM_UTF16_LE else
                                                             "utf-16-be" if bom == codecs.BOM_UTF16_BE else name)
            return text.lstrip("\ufeff"), label
    u16 = _looks_utf16(data)
    if u16:
        try:
            return data.decode(u16), u16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Mostly UTF-8 with a few bad bytes (a truncated or damaged file): keep the text,
    # replace the bad bytes, and say how many there were.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for b in data[:200_000] if b >= 0xC0)
    if bad <= max(8, len(text) // 100) and multibyte > 4 * bad:
        return text, f"utf-8 ({bad} invalid byte{'s' if bad != 1 else ''} replaced)"
    try:
        text = data.decode("cp1256")
        if arabic_ratio(text[:20000]) >= 0.5:
            return text, "windows-1256"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise DecodeError(
        f"invalid UTF-8 at byte {utf8_error.start} and no other encoding fits"
    )
