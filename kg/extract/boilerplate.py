"""Page furniture (menus, share buttons, comment forms, bylines, related headlines) that yields no facts.

Furniture lines are blanked with spaces rather than cut, so character offsets into the article stay valid.
"""

from __future__ import annotations

import re

_FURNITURE = re.compile(
    r"""^(?:
        (?:post|add|leave|write)\s+a\s+(?:comment|reply)|comments?|reply|share|print|email|e-mail|tweet
        |share\s+(?:on|this|via)\b.*|sort\s+by|loading\.*|advertisement|sponsored(?:\s+content)?
        |related(?:\s+(?:articles?|stories|content|coverage|topics))?:?|read\s+more\b.*|see\s+also\b.*
        |top\s+content(?:\s+trending)?|trending(?:\s+now)?|most\s+(?:read|popular|viewed)\b.*
        |you\s+are\s+here\b.*|enable\s+read\s+mode|\d+%\s+font\s+size|font\s+size|published:?\s*(?:updated:?)?
        |updated:?|download\s+the\b.*\bapp!?|subscribe\b.*|sign\s+up\b.*|log\s*in|sign\s+in|follow\s+us\b.*
        |(?:[^.]{0,40}\.\s+)?(?:for\s+(?:more|the\s+latest|updates)\b[^.]{0,30}?,?\s*)?follow\s.{0,60}\bon\s+
            (?:twitter|x|facebook|instagram|telegram|youtube|tiktok|linkedin|threads|whatsapp)\b.*
        |your\s+(?:name|email|comment)\b.*|characters?\s+left:?|warning!.*|(?:photo|image|video)\s*:.*
        |this\s+is\s+ai\s+generated\b.*|summarize\s+this\b.*|how\s+does\s+this\s+make\s+you\s+feel\??
        |there\s+are\s+no\s+comments\s+yet\b.*|your\s+comment\s+has\s+been\b.*|featured\b.*
        |(?:.*\|\s*)?by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s*(?:[|,/]|and|&)\s*[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})*
        |copyright\b.*|©.*|all\s+rights\s+reserved\b.*
        |(?:last\s+)?(?:updated|published|posted|modified)\b:?\s*(?:on\s+)?[\w ,.:/-]{0,40}
            \d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,4}|gmt[+-]?\d*|utc)?
        |(?:photo|image|picture|video|file\s+photo)?\s*(?:credit|courtesy)\s*:?.*|\(?(?:photo|image)\s+by\b.*
        |.*\barticles$|.*\bhomecollections\b.*
        |\(?(?:(?:additional|writing|reporting|editing|compiled|research|graphics|translation|and|&)\s+){0,4}
            (?:reporting|editing|writing)\s+by\b.*
        |.{0,160}\bcontributed\s+(?:additional\s+)?(?:reporting|to\s+this\s+(?:report|story|article))
            (?:\s+(?:from|in)\s+[\w\s,.'-]{1,40})?\.?
        |\d+\s+comments?(?:\(s\))?.*
        |(?:[\w.'\u2019-]+\s+){0,3}[\w.'\u2019-]+\s*(?:\u2014|\u2013|--)
    )\s*$""",
    re.I | re.X,
)
_BUTTON_WORDS = frozenset(
    [
        "post",
        "add",
        "leave",
        "a",
        "comment",
        "comments",
        "reply",
        "print",
        "share",
        "on",
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "telegram",
        "linkedin",
        "reddit",
        "email",
        "e-mail",
        "pinterest",
        "copy",
        "link",
        "save",
        "tweet",
        "this",
        "article",
        "story",
    ]
)
_STAMP = re.compile(
    r"^(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?(?:,?\s+(?:on\s+)?[\w ,.]{0,30}\d{4})?"
    r"|(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?[\w ,.]{0,20}\d{4},?\s+\d{1,2}[:.]\d{2}"
    r"\s*(?:[ap]\.?m\.?)?(?:\s+[a-z]{2,4}[+-]?\d{0,2})?)\s*$",
    re.I,
)
"""A time stamp on a line of its own ("12:58 a.m. EST January 22, 2016"), as pages print it under the
credit of the agency that wrote the story."""
_PICTURE_CREDIT = re.compile(
    r"\((?:photo|image|picture|video|file\s+photo)s?(?:\s+credit)?\s*:[^()\n]{1,100}\)", re.I
)
"""The credit a caption ends with, "(Photo: A. Name, agency)": the caption is prose, its credit is not."""
_ENDS_SENTENCE = re.compile(r"""[.!?:;"'\u201d\u2019)\]]\s*$""")
_MIN_BODY_WORDS = 12
_BYLINE = re.compile(
    r"^(?:.*\|\s*)?by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}"
    r"(?:\s*(?:[|,/]|and|&)\s*[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})*\s*$",
    re.I,
)


def furniture_lines(text: str, title: str | None = None) -> list[tuple[int, int]]:
    """Character ranges of the lines of `text` that are page furniture, not article prose.

    A line is furniture when it matches a known pattern (share buttons, comment forms, bylines, a wire
    service's credit and sign-off lines), or when it is a short line without closing punctuation after the
    article body began (a related headline or subhead) — except the article's own title, which counts as
    prose. Of a prose line, only the picture credit a caption ends with is furniture.
    """
    ranges: list[tuple[int, int]] = []
    title_norm = " ".join((title or "").lower().split())
    body_started = False
    after_byline = False
    credit: tuple[int, int] | None = None  # a short line before the body: the agency, if a time stamp follows
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        stripped = line.strip()
        if not stripped:
            continue
        words = stripped.split()
        is_title = bool(title_norm) and " ".join(stripped.lower().split()) == title_norm
        whole = (start, start + len(line.rstrip("\r\n")))
        if after_byline and len(words) <= 5 and not _ENDS_SENTENCE.search(stripped):
            ranges.append(whole)  # the agency under a byline
            after_byline = False
            continue
        stamp = _STAMP.match(stripped) is not None
        if credit is not None and stamp:
            ranges.append(credit)  # the agency above a time stamp
        credit = whole if not body_started and not is_title and len(words) <= 3 else None
        after_byline = bool(_BYLINE.match(stripped))
        buttons = all(w.lower().strip(".,:|") in _BUTTON_WORDS for w in words)
        if (buttons or stamp or _FURNITURE.match(stripped)) and not is_title:
            ranges.append(whole)
            continue
        ranges += ((start + m.start(), start + m.end()) for m in _PICTURE_CREDIT.finditer(line))
        prose = len(words) >= _MIN_BODY_WORDS or _ENDS_SENTENCE.search(stripped) is not None
        if not prose and not is_title and body_started:
            ranges.append(whole)
            continue
        if len(words) >= _MIN_BODY_WORDS:
            body_started = True
    return ranges


def blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """`text` with each range replaced by spaces (same length, so offsets still hold)."""
    if not ranges:
        return text
    chars = list(text)
    for start, end in ranges:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def clean(text: str, title: str | None = None) -> str:
    """The article text with its page furniture blanked out."""
    return blank(text, furniture_lines(text, title))
