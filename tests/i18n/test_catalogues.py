"""Vietnamese is the default language of every screen: an untranslated or stale message shows
English to a Vietnamese office."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "config" / "locale"


def translatable(entries):
    return [e for e in entries if e.msgid and not e.obsolete]


def test_every_vietnamese_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(LOCALE / "vi/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in translatable(catalogue) if not e.translated()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert missing == []
    assert fuzzy == []


def test_compiled_vietnamese_catalogue_matches_its_source():
    source = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
        for e in translatable(polib.pofile(str(LOCALE / "vi/LC_MESSAGES/django.po")))
    }
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
        for e in translatable(polib.mofile(str(LOCALE / "vi/LC_MESSAGES/django.mo")))
    }
    assert compiled == source
