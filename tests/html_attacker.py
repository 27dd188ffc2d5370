"""An attacker on the published HTML, written apart from the suppressor (issue 11).

It reads the rendered reports of a network exactly as a reader would — every page of every
audience and every gathering — and turns every survey figure it finds into linear facts about
the true integer counts:

- a shown number is the count; a whole percentage ``p %`` beside ``n`` means
  ``(p − 0.5)·n ≤ 100·count ≤ (p + 0.5)·n``; a band («minst X %», «under X %», «X–Y %», also
  «over X %», «høyst X %») is the inequality it says; ``:`` says nothing but that a count exists;
- what any reader knows about such tables: ``0 ≤ count ≤ n``; an item's ``n`` is at most the
  place's respondents; a municipality's respondents per service add up to its respondents
  («Alle tjenester»); the network's figure is the sum of its members' for the same wave and item,
  service or service × partner; the same wave is the same data in every report;
- a municipality's waves «sett under ett» (its small waves taken together) are the sum of its
  figures in those waves;
- of a share whose group is not shown exactly, those who did not answer so (group − count) are a
  quantity of their own («all of them» must not be known for a small group).

Labels are mapped to codes through the bokmål and nynorsk catalogue (``learning.i18n``: the text
every reader sees), captions are recognised by the catalogue's templates. Nothing here imports
``learning.disclosure``.

:func:`attack` then asks HiGHS (an LP model per block, ``scipy.optimize.milp`` for the integer
ends the LP does not settle) for the smallest and largest value of every protected quantity: a
count shown as ``:`` or as a band, and any count of a group that is not shown to be at least
``min_n`` (a network-wide 0 % tells every small group its count). Facts are split into blocks
that share no unknown, so each solve is small.

Hidden group sizes get no bound beyond ``0 ≤ n ≤`` their parent by default: today's explanation
under a table says a mark may also be there because the figure could be computed from others
(secondary), so a hidden ``n`` is not known to be under ``min_n``. ``assume_hidden_small=True``
adds ``n ≤ min_n − 1`` for a publication that promises it.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import highspy
import numpy as np
import yaml
from bs4 import BeautifulSoup, Tag
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from learning.i18n import catalogue

MARK = ":"
NO_FIGURE = "–"
NETWORK = "__network__"
GROUP_LABELS = ("cooperation.other_services", "cooperation.family.")  # rows of services taken together
COMPLEMENT = "¬"  # ("¬", *share key): those of the share's group who did not answer so
DEFAULT_MIN_N = 5
DEFAULT_PROTECTION = 3
LANGS = ("nb", "nn")
_SPACE = "[ \u00a0\u202f]?"
_EPS = 1e-6

Key = tuple[Hashable, ...]
Wave = int | tuple[int, ...]  # a wave by its gathering's number, or a member's waves taken together


# --- reading one figure -----------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A published figure: ``kind`` is exact / band / mark / none; ``low``/``high`` in percent
    (for shares) or as counts; ``strict_low``/``strict_high`` for «over»/«under»."""

    kind: str
    low: float = 0.0
    high: float = math.inf
    strict_low: bool = False
    strict_high: bool = False


NONE = Value("none")
_NUM = r"(\d+(?:[.,]\d+)?)"
_BANDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^(?:minst|min\.|over|mer enn|meir enn|høyst|høgst|under|færre enn|mindre enn)"
                rf" {_NUM}{_SPACE}(%?)$"), "word"),
    (re.compile(rf"^{_NUM}{_SPACE}%?{_SPACE}[–-]{_SPACE}{_NUM}{_SPACE}(%?)$"), "range"),
]


def _float(text: str) -> float:
    return float(text.replace(",", "."))


def read_value(text: str, *, percent: bool) -> Value:
    """One cell's figure. ``percent``: the column holds shares (``67 %``) rather than counts."""
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
    if text == MARK:
        return Value("mark")
    if text in ("", NO_FIGURE, "-"):
        return NONE
    exact = re.fullmatch(rf"{_NUM}{_SPACE}(%?)", text)
    if exact and bool(exact.group(2)) == percent:
        value = _float(exact.group(1))
        return Value("exact", value, value)
    word = _BANDS[0][0].match(text)
    if word:
        value = _float(word.group(1))
        lead = text.split(" ")[0]
        if lead in ("minst", "min."):
            return Value("band", value, math.inf)
        if lead in ("over", "mer", "meir"):
            return Value("band", value, math.inf, strict_low=True)
        if lead in ("høyst", "høgst"):
            return Value("band", 0.0, value)
        return Value("band", 0.0, value, strict_high=True)
    span = _BANDS[1][0].match(text)
    if span:
        return Value("band", _float(span.group(1)), _float(span.group(2)))
    return NONE


def read_share_and_n(text: str) -> tuple[Value, Value]:
    """«53 % (55)», «: (12)», «minst 75 % (12)», «:» (both hidden), «– (3)»."""
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
    match = re.fullmatch(r"(.*?) ?\(([^()]*)\)", text)
    if not match:
        value = read_value(text, percent=True)
        return value, (Value("mark") if value.kind == "mark" else NONE)
    return read_value(match.group(1), percent=True), read_value(match.group(2), percent=False)


# --- the catalogue: captions, labels -----------------------------------------------------------


def _texts(key: str) -> list[str]:
    entry = catalogue().get(key, {})
    return [entry[lang] for lang in LANGS if lang in entry]


def _template(text: str) -> re.Pattern[str]:
    """A catalogue text with ``{name}`` placeholders as a regex with named groups."""
    parts = re.split(r"\{(\w+)\}", text)
    seen: set[str] = set()
    pattern = ""
    for i, part in enumerate(parts):
        if i % 2 == 0:
            pattern += re.escape(part)
        else:  # a name the text repeats must repeat the same words
            pattern += f"(?P={part})" if part in seen else f"(?P<{part}>.+?)"
            seen.add(part)
    return re.compile(rf"^{pattern}(?: \(del \d+ av \d+\))?$")


@cache
def _patterns(key: str) -> tuple[re.Pattern[str], ...]:
    return tuple(_template(text) for text in _texts(key))


def match(key: str, text: str) -> dict[str, str] | None:
    for pattern in _patterns(key):
        found = pattern.match(text)
        if found:
            return found.groupdict()
    return None


@cache
def labels(prefix: str) -> dict[str, str]:
    """Shown label (either language) → code, for keys ``prefix.<code>``."""
    found: dict[str, str] = {}
    for key, entry in catalogue().items():
        if key.startswith(prefix):
            for lang in LANGS:
                if lang in entry:
                    found[entry[lang]] = key[len(prefix):]
    return found


def wave_number(text: str) -> int | None:
    """«kartleggingen før 3. samling» or «før 3. samling» → 3."""
    for key in ("common.wave_label", "common.wave_short"):
        found = match(key, text.strip())
        if found and found["number"].isdigit():
            return int(found["number"])
    return None


def pool_numbers(text: str) -> tuple[int, ...] | None:
    """«kartleggingene før 1. og 3. samling» → (1, 3)."""
    found = match("common.waves_label", text.strip())
    numbers = tuple(int(n) for n in re.findall(r"(\d+)\.", found["numbers"])) if found else ()
    return numbers if len(numbers) > 1 else None


# --- a publication: unknowns and facts ---------------------------------------------------------


@dataclass
class Figure:
    """One figure as published, for the counts the benchmark makes."""

    page: str
    kind: str  # exact / band / mark
    place: str
    is_count: bool  # a result (share/count) rather than a group size
    municipality_report: bool
    own: bool
    key: Key | None = None  # the quantity it is about (set when it is read)


@dataclass
class Publication:
    """Everything a network publishes, as linear facts about integer counts."""

    network: str
    min_n: int = DEFAULT_MIN_N
    protection: int = DEFAULT_PROTECTION
    base: dict[Key, Key] = field(default_factory=dict)  # count → its group's size
    rows: list[tuple[dict[Key, float], float, float]] = field(default_factory=list)
    exact: set[Key] = field(default_factory=set)
    tabled: set[Key] = field(default_factory=set)  # shown exactly in a table (not only in alt text)
    hidden: set[Key] = field(default_factory=set)  # shown as a mark or a band somewhere
    members: set[str] = field(default_factory=set)
    items: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    services: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    partners: dict[int, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    # a place's rows of services taken together («other services», a family): the services each
    # takes together (from the sentence under the table) and the partners it was read for, per
    # (wave, place, row)
    others: dict[tuple[int, str, str], set[str]] = field(default_factory=dict)
    other_partners: dict[tuple[int, str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    figures: list[Figure] = field(default_factory=list)
    # members shown «under min_n» in a wave: the reports say the network's figures leave them out
    left_out: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    structured: bool = False
    unread: list[tuple[str, str]] = field(default_factory=list)  # (page, caption) not understood
    silent: list[tuple[str, str, str]] = field(default_factory=list)  # (page, place, why)

    def fact(self, terms: dict[Key, float], low: float, high: float) -> None:
        self.rows.append(({k: v for k, v in terms.items() if v}, low, high))

    # keys and their groups (every count has one; the network's respondents have none)
    def total(self, wave: Wave, place: str) -> Key:
        key: Key = ("N", wave, place)
        if place != NETWORK and not isinstance(wave, tuple):  # a pool is one member's alone
            self.base.setdefault(key, ("N", wave, NETWORK))
        return key

    def item_n(self, wave: Wave, place: str, item: str) -> Key:
        key: Key = ("n", wave, place, item)
        self.base.setdefault(key, self.total(wave, place))
        self.items[wave].add(item)
        return key

    def item_count(self, wave: Wave, place: str, item: str) -> Key:
        key: Key = ("c", wave, place, item)
        self.base.setdefault(key, self.item_n(wave, place, item))
        return key

    def service_n(self, wave: int, place: str, service: str) -> Key:
        key: Key = ("S", wave, place, service)
        self.base.setdefault(key, self.total(wave, place))
        self.services[wave].add(service)
        return key

    def link(self, wave: int, place: str, service: str, partner: str) -> Key:
        key: Key = ("k", wave, place, service, partner)
        self.base.setdefault(key, self.service_n(wave, place, service))
        self.partners[wave].add((service, partner))
        return key

    def other_n(self, wave: int, place: str, row: str) -> Key:
        """The respondents of a place's row of services taken together (``row``: see
        :func:`group_row`; not a service: kept out of the services that add up to the place's
        respondents)."""
        key: Key = ("S", wave, place, row)
        self.base.setdefault(key, self.total(wave, place))
        return key

    def other_link(self, wave: int, place: str, row: str, partner: str) -> Key:
        key: Key = ("k", wave, place, row, partner)
        self.base.setdefault(key, self.other_n(wave, place, row))
        self.other_partners[(wave, place, row)].add(partner)
        return key

    def observe(self, key: Key, value: Value, *, base: Key | None, share: bool, figure: Figure | None
                ) -> None:
        """A published figure about ``key`` (a share of ``base`` when ``share``)."""
        if value.kind == "none":
            return
        if figure is not None:
            self.figures.append(Figure(figure.page, value.kind, figure.place, figure.is_count,
                                       figure.municipality_report, figure.own, key))
        if value.kind == "mark":
            self.hidden.add(key)
            return
        if value.kind == "band":
            self.hidden.add(key)
        else:
            self.exact.add(key)
            if figure is not None:
                self.tabled.add(key)
        if not share:
            low = value.low + (1 if value.strict_low else 0)
            high = value.high - (1 if value.strict_high else 0)
            self.fact({key: 1.0}, low, high)
            if key[0] == "N" and key[2] != NETWORK and value.kind == "band" and high < self.min_n:
                self.left_out[int(key[1])].add(str(key[2]))
            return
        assert base is not None
        self.fact({base: 1.0}, 1.0, math.inf)  # a share of nobody is printed «–», not a percentage
        if value.kind == "exact":  # a whole percentage, rounded somehow: ±0.5 points
            low, high = value.low - 0.5, value.high + 0.5
        else:
            low, high = value.low, value.high
        # 100·count − low·n ≥ 0 (strict: ≥ 1, counts and whole percentages are integers)
        if low > 0:
            self.fact({key: 100.0, base: -low}, 1.0 if value.strict_low else 0.0, math.inf)
        if high < 100:
            self.fact({key: 100.0, base: -high}, -math.inf, -1.0 if value.strict_high else 0.0)

    def structure(self) -> None:
        """What every reader knows about the tables: counts within groups, parts add up."""
        if self.structured:
            return
        self.structured = True
        for (wave, place, row), services in sorted(self.others.items()):
            # a row taken together is the sum of the services the sentence under the table names
            terms = {self.service_n(wave, place, s): 1.0 for s in services}
            terms[self.other_n(wave, place, row)] = -1.0
            self.fact(terms, 0.0, 0.0)
            for partner in sorted(self.other_partners[(wave, place, row)]):
                terms = {self.link(wave, place, s, partner): 1.0 for s in services}
                terms[self.other_link(wave, place, row, partner)] = -1.0
                self.fact(terms, 0.0, 0.0)
        pooled = {k for k in self.base if isinstance(k[1], tuple)}
        pooled |= {k for terms, _, _ in self.rows for k in terms if isinstance(k[1], tuple)}
        for key in sorted(pooled, key=str):
            # a member's waves taken together: the pool is the sum of the member's waves
            kind, pool, place, *rest = key
            make = {"N": self.total, "n": self.item_n, "c": self.item_count}[str(kind)]
            terms = {make(wave, place, *rest): 1.0 for wave in pool}
            terms[key] = -1.0
            self.fact(terms, 0.0, 0.0)
        places = [*sorted(self.members), NETWORK]
        for key, base in list(self.base.items()):
            if key[0] in ("c", "k") and base not in self.exact:
                # Those of the group who did not answer so: of a group not shown exactly, «all of
                # them» can be known where the count itself is not (a pool of small waves at 100 %).
                other = (COMPLEMENT, *key)
                self.base[other] = base
                self.fact({key: 1.0, other: 1.0, base: -1.0}, 0.0, 0.0)
        for key, base in list(self.base.items()):
            self.fact({key: 1.0, base: -1.0}, -math.inf, 0.0)
        for wave in sorted({k[1] for k in self.base if isinstance(k[1], int)}):
            for place in places:
                self.total(wave, place)
            keyed: list[tuple[Callable[..., Key], Iterable[tuple[str, ...]]]] = [
                (self.total, [()]), (self.item_n, [(i,) for i in sorted(self.items[wave])]),
                (self.item_count, [(i,) for i in sorted(self.items[wave])]),
                (self.service_n, [(s,) for s in sorted(self.services[wave])]),
                (self.link, sorted(self.partners[wave]))]
            counted = sorted(self.members - self.left_out[wave])
            for make, rests in keyed if self.members else []:  # only with the full member list
                for rest in rests:  # the network is the sum of the members it counts
                    terms = {make(wave, m, *rest): 1.0 for m in counted}
                    terms[make(wave, NETWORK, *rest)] = -1.0
                    self.fact(terms, 0.0, 0.0)
            if self.services[wave]:
                for place in places:
                    terms = {self.service_n(wave, place, s): 1.0 for s in self.services[wave]}
                    terms[self.total(wave, place)] = -1.0
                    self.fact(terms, 0.0, 0.0)


# --- reading pages -----------------------------------------------------------------------------


def _cells(row: Tag) -> list[str]:
    return [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]


def _table(table: Tag) -> tuple[str, list[str], list[list[str]]]:
    caption = table.find("caption")
    rows = table.find_all("tr")
    head = _cells(rows[0]) if rows else []
    return (caption.get_text(" ", strip=True) if caption else ""), head, [_cells(r) for r in rows[1:]]


def _network_label(text: str) -> bool:
    return text in _texts("survey.network") or text in _texts("survey_overview.network") or bool(
        match("cooperation.whole_network", text))


def _place(text: str) -> str:
    return NETWORK if _network_label(text) else re.sub(r"^\d{4} ", "", text.strip())


@dataclass
class Page:
    """Where a page sits: its path, whether it is a municipality's report, which one."""

    name: str
    municipality_report: bool
    own: str | None

    def figure(self, place: str, *, is_count: bool) -> Figure:
        return Figure(self.name, "", place, is_count, self.municipality_report, self.own == place)


def read_page(pub: Publication, html: str, page: Page) -> None:
    """Every survey table and figure description on one page, as facts in ``pub``."""
    # The embedded images are megabytes of base64 and carry no figure (their alt text does).
    soup = BeautifulSoup(re.sub(r'src="data:[^"]*"', 'src=""', html), "html.parser")
    explained = re.search(r"(?:færre enn|under) (\d+) (?:svar|personar|personer)", soup.get_text(" "))
    if explained:
        pub.min_n = int(explained.group(1))
    own_names = {page.own} if page.own else set()
    for table in soup.find_all("table"):
        caption, head, rows = _table(table)
        if not _read_table(pub, page, caption, head, rows, own_names) and _has_figures(rows):
            pub.unread.append((page.name, caption))
    for figure in soup.find_all("figure"):
        img, cap = figure.find("img"), figure.find("figcaption")
        if img is not None and cap is not None:
            _read_description(pub, str(img.get("alt", "")), cap.get_text(" ", strip=True))
            if cap.get_text(" ", strip=True) in _texts("survey.practice_chart_title"):
                following = figure.find_next("table")
                if following is not None:
                    _read_practice_description(pub, str(img.get("alt", "")), _table(following)[0])
    for paragraph in soup.find_all("p"):
        text = paragraph.get_text(" ", strip=True)
        if (found := match("privacy.too_few_own_pooled", text)) and (
                pool := pool_numbers(found["waves"])):
            place = _place(found["place"])
            pub.observe(pub.total(pool, place), read_value(found["size"], percent=False), base=None,
                        share=False, figure=page.figure(place, is_count=False))
        if (found := match("cooperation.group_services_are", text)):
            _read_other_services(pub, paragraph, found["group"], found["services"])
        for key in ("cooperation.nothing_shown", "cooperation.change_empty"):
            if (found := match(key, text)) and page.municipality_report:
                pub.silent.append((page.name, _place(found["place"]), key))


def _has_figures(rows: list[list[str]]) -> bool:
    return any(c == MARK or re.fullmatch(r"\d+ ?%", c) for r in rows for c in r[1:])


def _read_table(pub: Publication, page: Page, caption: str, head: list[str],
                rows: list[list[str]], own: set[str]) -> bool:
    items, services = labels("survey.item."), labels("common.service.")
    if (found := match("survey.participation_caption", caption)) and (wave := wave_number(found["wave"])):
        for row in rows:
            place = _place(row[0])
            if place != NETWORK:
                pub.members.add(place)
            pub.observe(pub.total(wave, place), read_value(row[1], percent=False), base=None,
                        share=False, figure=page.figure(place, is_count=False))
        return True
    for kind in ("practice", "system", "confidence"):
        found = match(f"survey.{kind}_caption", caption)
        if found and (wave := wave_number(found["wave"])):
            _side_by_side(pub, page, wave, head, rows, items)
            return True
    if (found := match("survey.pooled_caption", caption)) and (pool := pool_numbers(found["waves"])):
        _side_by_side(pub, page, pool, head, rows, items)
        return True
    if (found := match("survey.change_caption", caption)):
        before, after = wave_number(found["from_wave"]), wave_number(found["to_wave"])
        place = _place(found["place"])
        if before is None or after is None:
            return False
        for row in rows:
            item = items.get(row[0])
            if item is None:
                continue
            for wave, text in ((before, row[1]), (after, row[2])):
                key = pub.item_count(wave, place, item)
                pub.observe(key, read_value(text, percent=True), base=pub.base[key], share=True,
                            figure=page.figure(place, is_count=True))
        return True
    if (found := match("survey_overview.participation_caption", caption)) and (
            wave := wave_number(found["wave"])):
        places = [_place(h) for h in head[1:]]
        pub.members.update(p for p in places if p != NETWORK)
        for row in rows:
            service = services.get(row[0])
            for place, text in zip(places, row[1:], strict=False):
                key = pub.service_n(wave, place, service) if service else pub.total(wave, place)
                pub.observe(key, read_value(text, percent=False), base=None, share=False,
                            figure=page.figure(place, is_count=False))
        return True
    for kind in ("practice", "system"):
        found = match(f"survey_overview.{kind}_caption", caption)
        if found and (wave := wave_number(found["wave"])):
            places = [_place(h) for h in head[1:]]
            pub.members.update(p for p in places if p != NETWORK)
            for row in rows:
                item = items.get(row[0])
                if item is None:
                    continue
                for place, text in zip(places, row[1:], strict=False):
                    share, n = read_share_and_n(text)
                    key = pub.item_count(wave, place, item)
                    pub.observe(pub.base[key], n, base=None, share=False,
                                figure=page.figure(place, is_count=False))
                    pub.observe(key, share, base=pub.base[key], share=True,
                                figure=page.figure(place, is_count=True))
            return True
    if (found := match("cooperation.table_caption", caption)) and (wave := wave_number(found["wave"])):
        place = _place(found["place"])
        partners = [services.get(h) for h in head[2:]] if len(head) > 1 and head[1] in _texts(
            "cooperation.col_n") else [services.get(h) for h in head[1:]]
        with_n = len(partners) == len(head) - 2
        for row in rows:
            service = services.get(row[0])
            other = group_row(row[0]) if service is None else None
            if service is None and other is None:
                continue
            size = pub.other_n(wave, place, other) if other else pub.service_n(wave, place, service)
            if with_n:
                pub.observe(size, read_value(row[1], percent=False), base=None, share=False,
                            figure=page.figure(place, is_count=False))
            for partner, text in zip(partners, row[2 if with_n else 1:], strict=False):
                if partner is not None:
                    key = (pub.other_link(wave, place, other, partner) if other
                           else pub.link(wave, place, service, partner))
                    pub.observe(key, read_value(text, percent=True), base=size, share=True,
                                figure=page.figure(place, is_count=True))
        return True
    if (found := match("cooperation.change_caption", caption)):
        before, after = wave_number(found["from_wave"]), wave_number(found["to_wave"])
        place = _place(found["place"])
        if before is None or after is None:
            return False
        for row in rows:
            service, partner = services.get(row[0]), services.get(row[1])
            if service is None or partner is None:
                continue
            for wave, share, n in ((before, row[2], row[3]), (after, row[4], row[5])):
                size = pub.service_n(wave, place, service)
                pub.observe(size, read_value(n, percent=False), base=None, share=False,
                            figure=page.figure(place, is_count=False))
                pub.observe(pub.link(wave, place, service, partner), read_value(share, percent=True),
                            base=size, share=True, figure=page.figure(place, is_count=True))
        return True
    return False


def group_row(label: str) -> str | None:
    """The attacker's name for a row of services taken together («*Andre tjenester samlet*»),
    from its printed label; None for any other label."""
    for key, entry in catalogue().items():
        if key.startswith(GROUP_LABELS) and label in entry.values():
            return f"*{key}*"
    return None


def _read_other_services(pub: Publication, paragraph: Tag, label: str, listed: str) -> None:
    """«"Andre tjenester samlet" er A, B, C: …» under a map's table: that row's services."""
    table = paragraph.find_previous("table")
    caption = _table(table)[0] if table is not None else ""
    found = match("cooperation.table_caption", caption)
    wave = wave_number(found["wave"]) if found else None
    if found is None or wave is None:
        return
    services = labels("common.service.")
    codes = {services[name] for name in listed.split(", ") if name in services}
    if len(codes) != len(listed.split(", ")):
        raise ValueError(f"unknown services in «{listed}»")
    row = group_row(label)
    if row is None:
        raise ValueError(f"unknown row of services taken together: «{label}»")
    pub.others[(wave, _place(found["place"]), row)] = codes


def _side_by_side(pub: Publication, page: Page, wave: Wave, head: list[str], rows: list[list[str]],
                  items: dict[str, str]) -> None:
    """Item, place's share, place's n, (network's share, network's n)."""
    columns = head[1:]
    pairs = [(columns[i], i) for i in range(0, len(columns) - 1, 2)]
    for row in rows:
        item = items.get(row[0])
        if item is None:
            continue
        for label, i in pairs:
            place = _place(label)
            key = pub.item_count(wave, place, item)
            pub.observe(pub.base[key], read_value(row[2 + i], percent=False), base=None, share=False,
                        figure=page.figure(place, is_count=False))
            pub.observe(key, read_value(row[1 + i], percent=True), base=pub.base[key], share=True,
                        figure=page.figure(place, is_count=True))


def _read_practice_description(pub: Publication, alt: str, caption: str) -> None:
    """«Verdier: <item>: <place> 40 %, Hele nettverket 25 %; …» with the wave of the table below."""
    found = match("survey.practice_caption", caption)
    wave = wave_number(found["wave"]) if found else None
    if found is None or wave is None:
        return
    names = [found["place"], *_texts("survey.network")]
    items = labels("survey.item.")
    for text in _texts("survey.practice_description"):
        head = text.split("{values}")[0].format(place=found["place"])
        if not alt.startswith(head):
            continue
        for entry in alt[len(head):].rstrip(".").split("; "):
            label, _, values = entry.partition(": ")
            item = items.get(label)
            for part in values.split(", ") if item else []:
                name = next((n for n in names if part.startswith(n + " ")), None)
                if name is not None:
                    key = pub.item_count(wave, _place(name), item)  # type: ignore[arg-type]
                    pub.observe(key, read_value(part[len(name) + 1:], percent=True),
                                base=pub.base[key], share=True, figure=None)


def _read_description(pub: Publication, alt: str, caption: str) -> None:
    """Numbers in alt text: the practice chart's values and the cooperation map's strongest links."""
    wave = None
    for key in ("cooperation.chart_caption",):
        if (found := match(key, caption)):
            wave = wave_number(found["wave"])
            place = _place(found["place"])
    heads = [t.split("{links}")[0] for t in _texts("cooperation.description_strongest")]
    start = next((alt.index(h) + len(h) for h in heads if h in alt), None)
    if wave is not None and start is not None:
        services = labels("common.service.")
        strongest = re.match(r"(.*?)\.(?: |$)", alt[start:])
        if strongest:
            for link in strongest.group(1).split("; "):
                parts = re.fullmatch(r"(.+?) med (.+?) \((.+)\)", link)
                if parts and (s := services.get(parts.group(1))) and (p := services.get(parts.group(2))):
                    pub.observe(pub.link(wave, place, s, p), read_value(parts.group(3), percent=True),
                                base=pub.service_n(wave, place, s), share=True, figure=None)


# --- the attack --------------------------------------------------------------------------------


def _tighten(bounds: dict[Key, list[float]], rows: list[tuple[dict[Key, float], float, float]]
             ) -> list[tuple[dict[Key, float], float, float]]:
    """Substitute fixed unknowns, turn one-unknown facts into integer bounds, until nothing changes;
    the facts left have two or more unknowns."""
    for _ in range(50):
        changed, left = False, []
        for terms, low, high in rows:
            free = {}
            for key, a in terms.items():
                lo, hi = bounds[key]
                if lo == hi:
                    low, high = low - a * lo, high - a * lo
                else:
                    free[key] = a
            if len(free) > 1:
                left.append((free, low, high))
                continue
            if not free:
                if low > _EPS or high < -_EPS:
                    raise ValueError("the published figures contradict each other (or the model)")
                continue
            (key, a), = free.items()
            lo, hi = (low / a, high / a) if a > 0 else (high / a, low / a)
            old = bounds[key]
            new = [max(old[0], lo if math.isinf(lo) else math.ceil(lo - _EPS)),
                   min(old[1], hi if math.isinf(hi) else math.floor(hi + _EPS))]
            if new[0] > new[1]:
                raise ValueError(f"the published figures contradict each other at {key}")
            if new != old:
                bounds[key], changed = new, True
        rows = left
        if not changed:
            return rows
    return rows


def attack(pub: Publication, wanted: Iterable[Key] | None = None, *, assume_hidden_small: bool = False,
           integer: bool = True) -> dict[Key, tuple[float, float]]:
    """The smallest and largest value every published figure allows, per protected quantity."""
    pub.structure()
    keys = set(pub.base) | {k for terms, _, _ in pub.rows for k in terms}
    bounds: dict[Key, list[float]] = {k: [0.0, math.inf] for k in keys}
    if assume_hidden_small:
        for key in pub.hidden - pub.exact:
            if key[0] in ("N", "n", "S"):
                bounds[key][1] = pub.min_n - 1
    rows = _tighten(bounds, pub.rows)
    chosen = sorted(set(wanted) if wanted is not None else pub.protected(), key=str)
    found: dict[Key, tuple[float, float]] = {}
    free = [k for k in keys if bounds[k][0] != bounds[k][1]]
    position = {k: i for i, k in enumerate(free)}
    starts, ends = [], []
    for terms, _, _ in rows:
        members = [position[k] for k in terms]
        starts += members[:-1]
        ends += members[1:]
    graph = coo_matrix((np.ones(len(starts)), (starts, ends)), shape=(len(free), len(free)))
    _, label = connected_components(graph, directed=False)
    block_rows: dict[int, list[int]] = defaultdict(list)
    for r, (terms, _, _) in enumerate(rows):
        block_rows[int(label[position[next(iter(terms))]])].append(r)
    block_keys: dict[int, list[Key]] = defaultdict(list)
    for key in free:
        block_keys[int(label[position[key]])].append(key)
    by_block: dict[int, list[Key]] = defaultdict(list)
    for key in chosen:
        if bounds[key][0] == bounds[key][1] or not block_rows.get(int(label[position[key]])):
            found[key] = (bounds[key][0], bounds[key][1])
        else:
            by_block[int(label[position[key]])].append(key)
    for block, asked in by_block.items():
        found.update(_solve(block_keys[block], [rows[r] for r in block_rows[block]], bounds, asked,
                            integer=integer))
    return found


def _solve(keys: list[Key], rows: list[tuple[dict[Key, float], float, float]],
           bounds: dict[Key, list[float]], asked: list[Key], *, integer: bool
           ) -> dict[Key, tuple[float, float]]:
    """Min and max of each asked unknown of one block (integer counts, or the LP relaxation
    rounded inwards, which can only be wider).

    Each end is solved as an LP first, in one HiGHS model whose objective changes (each solve
    starts from the last basis). For integers an LP end is final when no integer programme can
    do better: the LP optimum is a whole-number point, or its value rounded inwards is already
    taken by a whole-number solution (one seen so far, or the LP point rounded, checked against
    every fact). Only the other ends are solved as integer programmes (``milp``)."""
    block = _Block(keys, rows, bounds)
    found = {}
    for key in asked:
        ends = [block.end(key, sign, integer=integer) for sign in (1.0, -1.0)]
        low, high = ends[0], -ends[1]
        found[key] = (low if math.isinf(low) else math.ceil(low - _EPS),
                      high if math.isinf(high) else math.floor(high + _EPS))
    return found


class _Block:
    """One block's facts: an LP model for every end, ``milp`` where the LP cannot settle it."""

    def __init__(self, keys: list[Key], rows: list[tuple[dict[Key, float], float, float]],
                 bounds: dict[Key, list[float]]) -> None:
        self.index = {k: i for i, k in enumerate(keys)}
        entries = [(r, self.index[key], a) for r, (terms, _, _) in enumerate(rows) for key, a in terms.items()]
        self.matrix = coo_matrix(([a for _, _, a in entries], ([r for r, _, _ in entries],
                                                               [c for _, c, _ in entries])),
                                 shape=(len(rows), len(keys))).tocsr()
        self.row_low = np.array([low for _, low, _ in rows])
        self.row_high = np.array([high for _, _, high in rows])
        self.low = np.array([bounds[k][0] for k in keys])
        self.high = np.array([bounds[k][1] for k in keys])
        self.lp = highspy.Highs()
        self.lp.setOptionValue("output_flag", False)
        self.lp.setOptionValue("threads", 1)
        model = highspy.HighsLp()
        model.num_col_, model.num_row_ = len(keys), len(rows)
        model.col_cost_ = np.zeros(len(keys))
        model.col_lower_, model.col_upper_ = _finite(self.low), _finite(self.high)
        model.row_lower_, model.row_upper_ = _finite(self.row_low), _finite(self.row_high)
        columns = self.matrix.tocsc()
        model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        model.a_matrix_.start_, model.a_matrix_.index_ = columns.indptr, columns.indices
        model.a_matrix_.value_ = columns.data
        self.lp.passModel(model)
        self.costed: int | None = None
        # the smallest and largest value each unknown has in a whole-number solution seen so far
        self.seen_low = np.full(len(keys), np.inf)
        self.seen_high = np.full(len(keys), -np.inf)

    def _whole(self, point: np.ndarray) -> bool:
        """Whether ``point`` is a whole-number solution of every fact (and then note it)."""
        if not bool(np.all(np.abs(point - np.round(point)) < _EPS)):
            return False
        point = np.round(point)
        values = self.matrix @ point
        if not (np.all(point >= self.low) and np.all(point <= self.high)
                and np.all(values >= self.row_low - _EPS) and np.all(values <= self.row_high + _EPS)):
            return False
        self.seen_low = np.minimum(self.seen_low, point)
        self.seen_high = np.maximum(self.seen_high, point)
        return True

    def end(self, key: Key, sign: float, *, integer: bool) -> float:
        """The smallest value of ``sign · key`` (−inf when nothing bounds it)."""
        column = self.index[key]
        if self.costed is not None:
            self.lp.changeColCost(self.costed, 0.0)
        self.lp.changeColCost(column, sign)
        self.costed = column
        self.lp.run()
        if self.lp.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            value = float(self.lp.getInfo().objective_function_value)
            point = np.asarray(self.lp.getSolution().col_value)
            if not integer or self._whole(point):
                return value
            bound = math.ceil(value - _EPS)  # no integer solution has a smaller sign · key
            seen = self.seen_low[column] if sign > 0 else -self.seen_high[column]
            if seen == bound:
                return float(bound)
            rounded = np.round(point)
            rounded[column] = sign * bound
            if self._whole(rounded):
                return float(bound)
        return self._milp(key, sign, integer=integer)

    def _milp(self, key: Key, sign: float, *, integer: bool) -> float:
        """The end solved by ``milp`` (and, when the LP did not say, whether it is unbounded)."""
        size = len(self.index)
        c = np.zeros(size)
        c[self.index[key]] = sign
        constraint = LinearConstraint(self.matrix, self.row_low, self.row_high)
        box = Bounds(self.low, self.high)
        result = milp(c, constraints=constraint, bounds=box, integrality=np.full(size, float(integer)))
        if result.status == 4:  # «infeasible or unbounded» (from presolve): solve to tell which
            result = milp(c, constraints=constraint, bounds=box, integrality=np.zeros(size),
                          options={"presolve": False})
        if result.status == 3:  # unbounded
            return -math.inf
        if result.status != 0:
            raise ValueError(f"the published figures contradict each other (or the model) "
                             f"around {key}: {result.message}")
        if integer:
            self._whole(result.x)
        return float(result.fun)


def _finite(values: np.ndarray) -> np.ndarray:
    """Bounds as HiGHS takes them (its own infinity)."""
    return np.clip(values, -highspy.kHighsInf, highspy.kHighsInf)


# --- a network's pages on disk -----------------------------------------------------------------


def _setting(data: object, name: str) -> object:
    if isinstance(data, dict):
        if name in data:
            return data[name]
        for value in data.values():
            if (found := _setting(value, name)) is not None:
                return found
    if isinstance(data, list):
        for value in data:
            if (found := _setting(value, name)) is not None:
                return found
    return None


def read_network(reports: Path, params: Path | None = None) -> Publication:
    """Every page under ``reports`` (``reports/<network>/``) read as a reader would."""
    pub = Publication(reports.name)
    if params is not None and params.exists():
        data = yaml.safe_load(params.read_text(encoding="utf-8"))
        pub.min_n = int(_setting(data, "survey_min_group") or DEFAULT_MIN_N)  # type: ignore[call-overload]
        pub.protection = int(_setting(data, "survey_protection_interval") or DEFAULT_PROTECTION)  # type: ignore[call-overload]
    for path in sorted(reports.rglob("*.html")):
        relative = path.relative_to(reports)
        own = None
        if relative.parts[0] == "kommuner" and len(relative.parts) > 2:
            own = _own_name(path)
        page = Page(str(relative), own is not None and "kommunerapport" in path.name, own)
        read_page(pub, path.read_text(encoding="utf-8"), page)
    return pub


def _own_name(path: Path) -> str | None:
    """The municipality a report is for, from its title («Kommunerapport – Ålesund · Samling 2 …»)."""
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", path.read_text(encoding="utf-8"), re.S)
    if heading is None:
        return None
    title = BeautifulSoup(heading.group(1), "html.parser").get_text(" ", strip=True).split(" · ")[0]
    found = match("common.report_for", title)
    return found["place"] if found else None


@dataclass(frozen=True)
class Finding:
    key: Key
    low: float
    high: float
    group: float  # the largest size the group can have

    @property
    def width(self) -> float:
        return self.high - self.low


def audit(pub: Publication, *, assume_hidden_small: bool = False, integer: bool = True
          ) -> list[Finding]:
    """Every protected quantity with its feasible range and the largest size its group can have.

    Protected: a figure shown as a mark or a band and never as a number in a table, and every count of a group that the
    publication does not show to have at least ``min_n`` members (its count must not follow from
    a homogeneous 0 % or 100 % of a larger group). Groups that must be empty are left out.
    """
    pub.structure()
    # The groups' bounds from the LP relaxation: only ever wider, so more counts are checked and
    # against a larger group, never fewer or a smaller one.
    groups = attack(pub, set(pub.base.values()), assume_hidden_small=assume_hidden_small,
                    integer=False)
    # A figure shown in one table may be left out of another (a change table hides both waves when
    # one is hidden): it is published, not protected. Shown only in a figure's description, it is
    # still protected: a description may only repeat what a table shows.
    protected = pub.hidden - pub.tabled
    protected |= {k for k, base in pub.base.items() if groups[base][0] < pub.min_n}
    protected = {k for k in protected if k not in pub.base or groups[pub.base[k]][1] > 0}
    ranges = attack(pub, protected, assume_hidden_small=assume_hidden_small, integer=integer)
    return [Finding(k, *ranges[k], groups[pub.base[k]][1] if k in pub.base else math.inf)
            for k in sorted(protected, key=str)]


def required(finding: Finding, protection: int) -> float:
    """The width a range must have: the protection interval, or the whole group when smaller."""
    return min(protection, finding.group)


_KINDS = {"N": "antall svar", "S": "antall svar i tjenesten", "n": "antall svar på spørsmålet",
          "c": "antall", "k": "antall som samarbeidet"}


def describe(key: Key) -> str:
    """A finding's key in words: «kartlegging før 1. samling, Stjørdal, antall: p_inform_child»."""
    if key[0] == COMPLEMENT:
        return "ikke " + describe(key[1:])
    kind, wave, place, *rest = key
    where = "hele nettverket" if place == NETWORK else str(place)
    what = " × ".join(str(r) for r in rest)
    return f"før {wave}. samling, {where}, {_KINDS.get(str(kind), kind)}{': ' + what if what else ''}"


def explain(finding: Finding) -> str:
    group = "?" if math.isinf(finding.group) else f"{finding.group:g}"
    return f"{describe(finding.key)} ∈ [{finding.low:g}, {finding.high:g}] (gruppe ≤ {group})"
