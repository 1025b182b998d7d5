"""The English catalogue is complete: every Swedish string has a reviewed English translation
(nothing untranslated, nothing left fuzzy), and the compiled .mo that Django loads says exactly
what the .po says. Plain Python and the standard library only."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE_DIR = (
    Path(__file__).resolve().parents[2] / "src" / "bistand" / "locale" / "en" / "LC_MESSAGES"
)
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(token: str) -> str:
    """The text of one quoted .po string, escapes resolved."""
    body = token.strip()
    assert body.startswith('"') and body.endswith('"'), token
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), body[1:-1])


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"django.po line {self.line}: {self.msgid[:70]!r}"


def parse_po(text: str) -> list[Entry]:
    """The active (not obsolete) entries of a .po file, header included."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            target = None
            continue
        if line.startswith("#"):
            if current is None or current.msgstr:
                current, target = Entry(line=number), None
                entries.append(current)
            if line.startswith("#,"):
                current.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith('"'):
            assert current is not None and target is not None, f"stray string at line {number}"
            _append(current, target, _unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and (current is None or current.msgstr):
            current = Entry(line=number)
            entries.append(current)
        assert current is not None, f"unexpected {keyword!r} at line {number}"
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if match:
            target = ("msgstr", int(match.group(1)))
        elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            target = (keyword, 0 if keyword == "msgstr" else None)
        else:
            raise AssertionError(f"unknown keyword {keyword!r} at line {number}")
        if target[0] == "msgstr":
            current.msgstr.setdefault(target[1], "")
        elif target[0] in ("msgctxt", "msgid_plural"):
            setattr(current, target[0], "")
        _append(current, target, _unquote(rest))
    return entries


def _append(entry: Entry, target: tuple[str, int | None], text: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] += text
    else:
        setattr(entry, name, (getattr(entry, name) or "") + text)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    parsed = parse_po(PO_PATH.read_text(encoding="utf-8"))
    assert parsed and parsed[0].msgid == "", "the .po should start with its header"
    return [entry for entry in parsed if entry.msgid != ""]


def test_the_parser_reads_wrapped_plural_and_fuzzy_entries():
    sample = (
        'msgid ""\nmsgstr "Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\n#| msgid "Gammal"\n'
        'msgid ""\n"Lång %(x)s "\n"text"\nmsgstr "Long %(x)s text"\n\n'
        'msgid "%(n)s ärende"\nmsgid_plural "%(n)s ärenden"\n'
        'msgstr[0] "%(n)s case"\nmsgstr[1] ""\n\n'
        '#~ msgid "Borta"\n#~ msgstr "Gone"\n'
    )
    header, wrapped, plural = parse_po(sample)
    assert header.msgstr == {0: "Language: en\n"}
    assert wrapped.msgid == "Lång %(x)s text" and wrapped.flags == {"fuzzy", "python-format"}
    assert plural.msgid_plural == "%(n)s ärenden" and plural.msgstr == {0: "%(n)s case", 1: ""}


def test_every_entry_is_translated(entries):
    untranslated = [
        entry.label
        for entry in entries
        if not entry.msgstr or any(not s for s in entry.msgstr.values())
    ]
    assert not untranslated, "Untranslated entries in the English catalogue:\n" + "\n".join(
        untranslated
    )


def test_no_entry_is_left_fuzzy(entries):
    fuzzy = [entry.label for entry in entries if "fuzzy" in entry.flags]
    assert not fuzzy, "Fuzzy (unreviewed) entries in the English catalogue:\n" + "\n".join(fuzzy)


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def test_translations_keep_the_placeholders(entries):
    wrong = []
    for entry in entries:
        if "python-format" not in entry.flags:
            continue
        wanted = set(_PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for index, text in entry.msgstr.items():
            if text and not set(_PLACEHOLDER.findall(text)) <= wanted:
                wrong.append(
                    f"{entry.label} msgstr[{index}] has {sorted(set(_PLACEHOLDER.findall(text)))}"
                )
    assert not wrong, "Placeholders not in the Swedish string:\n" + "\n".join(wrong)


def test_the_compiled_catalogue_matches_the_po(entries):
    with MO_PATH.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in entries:
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            if catalog.get(key) != entry.msgstr.get(0):
                stale.append(entry.label)
        else:
            for index, text in entry.msgstr.items():
                if catalog.get((key, index)) != text:
                    stale.append(f"{entry.label} [{index}]")
    assert not stale, (
        "django.mo is out of date with django.po; run msgfmt (or compilemessages):\n"
        + "\n".join(stale)
    )


def test_new_strings_are_in_english_at_run_time():
    with MO_PATH.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.gettext("Anmälan av delegationsbeslut") == "Report of delegated decisions"
    assert catalog.gettext("Förbered en betalningskörning") == "Prepare a payment run"
    assert catalog.ngettext("%(n)s försenat", "%(n)s försenade", 2) == "%(n)s overdue"
