"""Words about a dispute, from its folder, in each language it declares (records.Words): every
folder gives every word in every declared language; the names of treaties in Japanese and Russian
are the ones their sources give; each side's position in its own words; and what `validate` says
of words in a language the folder does not declare, words missing the first language and words
in the wrong script."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from dashboard import records as r
from dashboard.checks import check_words, missing_words
from dashboard.data import load_dataset
from dashboard.problems import DataError
from dashboard.sheet import Sheet
from tests.folders import FOLDER_IDS, FOLDERS
from tests.unit.test_validation import edit_yaml


@pytest.fixture(scope="module", params=FOLDERS, ids=FOLDER_IDS)
def folder_dataset(request):
    return load_dataset(request.param)


def test_every_declared_language_has_every_word(folder_dataset):
    assert [str(p) for p in missing_words(folder_dataset)] == []


def test_the_folders_give_their_words_in_several_languages(folder_dataset):
    """The check above is not passed vacuously: the words are mappings, one text a language."""
    langs = [lang.code for lang in folder_dataset.view.languages]
    sc = next(iter(folder_dataset.scenarios.values()))
    for words in (folder_dataset.view.title, sc.name, sc.short):
        assert list(words.by_language) == langs


# The names of treaties and declarations in Japanese and Russian: as their sources give them.
# (scenario, language, the name in a cited source, the name in scenarios.yaml): the two differ only
# where the source declines the name ("декларации" is the genitive of "декларация").
TREATIES = [
    ("treaty-1855", "ja", "日魯通好条約", "日魯通好条約（1855年）"),
    ("treaty-1855", "ru", "Симодский трактат", "Симодский трактат (1855)"),
    ("treaty-1875", "ja", "樺太千島交換条約", "樺太千島交換条約（1875年）"),
    ("treaty-1875", "ru", "Петербургский договор (1875)", "Петербургский договор (1875)"),
    ("treaty-1905", "ja", "ポーツマス条約", "ポーツマス条約（1905年）"),
    ("treaty-1905", "ru", "Портсмутский мирный договор", "Портсмутский мирный договор (1905)"),
    ("declaration-1956", "ja", "日ソ共同宣言", "日ソ共同宣言（1956年、2島）"),
    (
        "declaration-1956",
        "ru",
        "Совместной советско-японской декларации 1956 года",
        "Совместная советско-японская декларация 1956 года (два острова)",
    ),
]


@pytest.mark.parametrize("sid,lang,cited,name", TREATIES)
def test_a_treaty_is_named_as_a_cited_source_names_it(dataset, sid, lang, cited, name):
    sc = dataset.scenarios[sid]
    sources = [dataset.sources[i] for i in sc.names_sources]
    assert any(cited in f"{s.title} {s.note}" for s in sources), (sid, lang)
    assert sc.name.by_language[lang] == name


def test_each_side_states_its_position_in_its_own_language(dataset):
    japan, russia = dataset.parties["japan"].position, dataset.parties["russia"].position
    assert japan is not None and russia is not None
    assert japan.in_language("ja") and not japan.in_language("ru")
    assert russia.in_language("ru") and not russia.in_language("ja")
    for quote in [*japan.own_words, *russia.own_words]:
        assert quote.locator and quote.translation and quote.translated_by
        assert dataset.sources[quote.source].kind in ("primary", "agency")


def test_japanese_names_its_islands_as_japan_does_only_where_quoting_japan(dataset):
    """北方四島 and 北方領土 are Japan's names: the project's own Japanese words use them only
    beside Russia's name (the title gives both sides' names, as the English does)."""
    words = [w.by_language.get("ja", "") for *_, w in _all_words(dataset)]
    assert [w for w in words if "北方四島" in w] == []
    assert [w for w in words if "北方領土" in w] == [str(dataset.view.title.by_language["ja"])]
    assert all("実効支配" not in w for w in words)


def _all_words(ds):
    from dashboard.checks import _words

    return list(_words(ds))


# (raw value, languages the folder declares, the text used as a string, by language)
PARSED = [
    ("Japan", ("en", "ja"), "Japan", {}),
    ("  Japan ", (), "Japan", {}),
    ({"en": "Japan", "ja": "日本"}, ("en", "ja"), "Japan", {"en": "Japan", "ja": "日本"}),
    ({"ja": "日本", "en": "Japan"}, ("en", "ja"), "Japan", {"ja": "日本", "en": "Japan"}),
    ({"ja": "日本", "en": "Japan"}, (), "日本", {"ja": "日本", "en": "Japan"}),
    ({"ja": "日本"}, ("en", "ja"), "日本", {"ja": "日本"}),  # checks.check_words says what lacks
]


@pytest.mark.parametrize("raw,langs,text,by_language", PARSED)
def test_words_are_plain_text_or_text_in_each_language(raw, langs, text, by_language):
    party = r.Party.model_validate(
        {"id": "p", "name": raw, "colour": "#000000"}, context={"languages": langs}
    )
    assert (str(party.name), party.name.by_language) == (text, by_language)
    assert isinstance(party.name, str) and party.name == text


@pytest.mark.parametrize(
    "raw,message",
    [
        ({"english": "Japan"}, "is not a language code"),
        ({"en": ""}, "non-empty text"),
        ({"en": ["Japan"]}, "non-empty text"),
        ({}, "expected text, or a mapping"),
        (42, "expected text, or a mapping"),
        ({"en": "x" * 121}, "the en text is 121 characters; the limit is 120"),
        ("", "must not be empty"),
    ],
)
def test_words_that_cannot_be_read_are_errors(raw, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        r.Party.model_validate({"id": "p", "name": raw, "colour": "#000000"})


def test_words_survive_a_pickle_and_dump_as_the_first_language():
    """The model is filed on disk as a pickle; the page's view is a dump of view.yaml."""
    words = r.Words("Japan", {"en": "Japan", "ja": "日本"})
    back = pickle.loads(pickle.dumps(words))
    assert (type(back), back, back.by_language) == (r.Words, "Japan", {"en": "Japan", "ja": "日本"})
    party = r.Party(id="p", name=words, colour="#000000")
    dumped = party.model_dump()["name"]
    assert (type(dumped), dumped) == (str, "Japan")


def _problems(folder: Path) -> list[str]:
    try:
        load_dataset(folder)
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return []


def _scenario(sid: str, **fields):
    def change(doc: dict) -> None:
        next(s for s in doc["scenarios"] if s["id"] == sid).update(fields)

    return change


# (file, change, what validate must say)
BROKEN = [
    (
        "scenarios.yaml",
        _scenario(
            "treaty-1875", short={"en": "All the Kurils to Japan.", "ja": "千島列島を日本へ。"}
        ),
        None,  # fine as an error goes: only a warning (below)
    ),
    (
        "scenarios.yaml",
        _scenario("treaty-1875", name={"ja": "樺太千島交換条約", "ru": "Петербургский договор"}),
        "scenarios.yaml: treaty-1875: name: has no English words (en), the page's first language. "
        "Hint: Add `en:`; every other language falls back to it.",
    ),
    (
        "scenarios.yaml",
        _scenario("treaty-1875", name={"en": "1875", "ja": "Treaty", "ru": "Петербургский"}),
        "scenarios.yaml: treaty-1875: name: Japanese words without japanese letters.",
    ),
    (
        "parties.yaml",
        lambda doc: doc["parties"][0]["position"]["own_words"][0].update(lang="jp"),
        "parties.yaml: japan: position.own_words.1: has words in 'jp', a language view.yaml does "
        "not declare. Hint: Declared: en, ja, ru.",
    ),
    (
        "parties.yaml",
        lambda doc: doc["parties"][1]["position"]["own_words"][0].update(lang="ja"),
        "parties.yaml: russia: position.own_words.1: Japanese words without japanese letters.",
    ),
    (
        "view.yaml",
        lambda doc: doc["holders"][0]["legend"].update(ru="両国の共同保有"),
        "view.yaml: holders.joint.legend: Russian words without cyrillic letters.",
    ),
]


@pytest.mark.parametrize("file,change,message", BROKEN)
def test_what_validate_says_of_words(geodata_copy, file, change, message):
    edit_yaml(geodata_copy, file, change)
    problems = _problems(geodata_copy)
    assert problems == ([message] if message else [])


def test_a_word_a_declared_language_lacks_is_a_warning_naming_it(geodata_copy):
    """The page in that language shows the first language's words: readable, so not an error."""
    edit_yaml(geodata_copy, "scenarios.yaml", BROKEN[0][1])
    edit_yaml(geodata_copy, "view.yaml", lambda doc: doc.update(title="The Kurils"))
    found = [str(w) for w in load_dataset(geodata_copy).warnings]
    assert found == [
        "view.yaml: title: has no words in Japanese (ja), Russian (ru); the page shows the "
        "English ones. Hint: Give them in every declared language: {en: ..., ja: ..., ru: ...}.",
        "scenarios.yaml: treaty-1875: short: has no words in Russian (ru); the page shows the "
        "English ones. Hint: Give them in every declared language: {en: ..., ja: ..., ru: ...}.",
    ]


def test_the_words_check_sees_every_field_of_words(dataset):
    """check_words walks the records: every Words field a folder gives is among what it sees."""
    from dashboard.checks import _words

    keys = {(file, key) for file, _, key, _ in _words(dataset)}
    assert {
        ("view.yaml", "title"),
        ("view.yaml", "subtitle"),
        ("view.yaml", "headings.straits"),
        ("view.yaml", "holders.undetermined.legend"),
        ("view.yaml", "languages.ja.name"),
        ("parties.yaml", "name"),
        ("scenarios.yaml", "short"),
        ("sea_limits.yaml", "caption"),
    } <= keys
    assert check_words(dataset) == []


# The picture in the reader's language: (language, title, scenario, a legend row)
PICTURES = [
    (
        "en",
        "The southern Kuril Islands / Northern Territories",
        "Treaty of Shimoda (1855)",
        "Held by Japan",
    ),
    ("ja", "南クリル諸島／北方領土", "日魯通好条約（1855年）", "日本が保有"),
    (
        "ru",
        "Южные Курильские острова / Северные территории",
        "Симодский трактат (1855)",
        "Под управлением: Япония",
    ),
]


@pytest.mark.parametrize("lang,title,name,row", PICTURES)
def test_the_picture_speaks_the_readers_language(atlas, scenarios, lang, title, name, row):
    sheet = Sheet(atlas, scenarios, "treaty-1855", "kunashir", lang)
    header = sheet.header()
    assert header[:2] == (title, name)
    assert row in [x.text for x in sheet.legend]
    mine = atlas.name("kunashir").get(lang)
    assert sheet.names("kunashir").startswith(mine)
    assert any(mine in x.text for x in sheet.legend)  # "Selected: 国後島"
