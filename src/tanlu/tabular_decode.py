"""The text of a CSV upload: UTF-8 with or without BOM, else GBK/GB18030 (what Excel writes on Chinese Windows)
when the result reads as Chinese; anything else is refused with a message that says how to save the file."""

from __future__ import annotations

from tanlu.errors import FileFormatError

__all__ = ["decode", "plausible_chinese"]


def decode(data: bytes, name: str) -> tuple[str, str]:
    if b"\x00" in data:
        raise FileFormatError(
            "the file contains NUL bytes (binary, or UTF-16 text); save it as CSV UTF-8 or as .xlsx",
            file=name,
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise FileFormatError(f"invalid UTF-8 at byte {error.start + 3}", file=name) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in ("gbk", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if plausible_chinese(text):
            return text, encoding
    raise FileFormatError(
        "unknown text encoding: save the file as CSV UTF-8 (or GBK/GB18030 from Excel in Chinese)", file=name
    )


_CJK_RANGES = (
    ("\u2e80", "\u2fdf"),  # radicals
    ("\u3000", "\u303f"),  # CJK punctuation
    ("\u3400", "\u4dbf"),  # extension A
    ("\u4e00", "\u9fff"),  # unified ideographs
    ("\uf900", "\ufaff"),  # compatibility ideographs
    ("\uff00", "\uffef"),  # full-width forms
    ("\U00020000", "\U0003134f"),  # extensions B to G (GB18030 four-byte)
)


def plausible_chinese(text: str) -> bool:
    """GBK decodes many byte strings; accept it only when the non-ASCII text reads as Chinese.

    Most of it must be CJK, and most of that in the GB2312 area (both bytes 0xA1-0xFE) where common
    characters live: Latin-1 text decoded as GBK gives rare extension characters (an accented letter followed
    by an ASCII letter makes a pair whose second byte is below 0xA1).
    """
    foreign = [ch for ch in text[:200_000] if ord(ch) > 0x7F]  # a sample is enough, and keeps it fast
    if not foreign:
        return True
    cjk = sum(1 for ch in foreign if any(low <= ch <= high for low, high in _CJK_RANGES))
    common = sum(1 for ch in foreign if _in_gb2312(ch))
    return cjk / len(foreign) >= 0.9 and common / len(foreign) >= 0.6


def _in_gb2312(ch: str) -> bool:
    try:
        encoded = ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xA1 <= encoded[0] <= 0xF7 and 0xA1 <= encoded[1] <= 0xFE
