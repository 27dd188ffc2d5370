"""The publication of a wave: what it shows, and that an attacker written apart from it
(``html_attacker``, reading only the printed texts) can never narrow a protected count below the
protection interval. Random networks, waves and group sizes, and the issue's own examples."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import html_attacker as attacker
from attack_truth import truth_of
from learning.disclosure import publication as pub
from learning.disclosure.protect import coarser, initial, protect
from learning.disclosure.quantities import NETWORK, wave_quantities
from learning.disclosure.shown import HIDE, count_text, share_text
from learning.survey import schema
from learning.survey.service_groups import is_group, service_groups
from test_survey_stats_frames import responses, rows

MIN_N, PROTECTION = 5, 3
SERVICES = ("skole", "barnehage", "legekontor")
PARTNERS = ("barnevern", "nav", "skole")


def _frame(groups: list[dict[str, object]]) -> pd.DataFrame:
    return responses(groups, network="demo")


def test_a_municipality_doing_well_sees_at_least_not_a_mark() -> None:
    frame = _frame([*rows(9, kommune="3401", p_identify=5), *rows(1, kommune="3401", p_identify=1),
                    *rows(10, kommune="3403", p_identify=1)])
    q = wave_quantities(frame, ["3401", "3403"], MIN_N)
    shown = protect(q, MIN_N, PROTECTION)
    # 9 of 10: 90 % would tell that exactly one did not; «minst 70 %» leaves 7 … 10 possible
    assert share_text(shown[("c", "3401", "p_identify")], "nb") == "minst 70 %"
    assert share_text(shown[("c", "3403", "p_identify")], "nb") == "0 %"


def test_a_member_under_the_minimum_is_left_out_of_the_network() -> None:
    frame = _frame([*rows(3, kommune="3401", p_identify=5), *rows(10, kommune="3403", p_identify=5)])
    q = wave_quantities(frame, ["3401", "3403"], MIN_N)
    shown = protect(q, MIN_N, PROTECTION)
    assert q.left_out == ("3401",)
    assert count_text(shown[("N", "3401")], "nb", MIN_N) == "under 5"
    assert q.value[("N", NETWORK)] == 10  # otherwise 13 − 10 would give 3401's 3 back
    assert shown[("c", "3401", "p_identify")].hidden
    assert share_text(shown[("c", NETWORK, "p_identify")], "nb") == "100 %"


def test_a_network_wide_zero_does_not_tell_small_groups_theirs() -> None:
    # every school respondent of the network ticked nobody; in 3401 the school has 2 respondents
    frame = _frame([*rows(2, kommune="3401", tjeneste="skole"), *rows(8, kommune="3401", tjeneste="nav"),
                    *rows(9, kommune="3403", tjeneste="skole"), *rows(1, kommune="3403", tjeneste="nav")])
    q = wave_quantities(frame, ["3401", "3403"], MIN_N)
    before = initial(q, MIN_N, PROTECTION)
    link = ("k", NETWORK, "skole", "barnevern")
    assert before[link].exact and before[link].value == 0
    shown = protect(q, MIN_N, PROTECTION)
    # 0 % of 11 would pin 3401's 2 school respondents at 0: the network's figure becomes a band
    assert not shown[link].exact
    assert share_text(shown[link], "nb").startswith("høyst")


def test_a_members_other_services_pinned_by_the_network_keep_their_figure() -> None:
    """3401's GP office (3) and NAV (2) are «other services» (5): one of them worked with NAV. The
    network's exact figures minus the other members' would pin that 1, whatever 3401's row shows:
    a figure of that sum is coarsened, and 3401's own row keeps a figure."""
    frame = _frame([*rows(1, kommune="3401", tjeneste="legekontor", samarbeid=("nav",)),
                    *rows(2, kommune="3401", tjeneste="legekontor", samarbeid=()),
                    *rows(2, kommune="3401", tjeneste="nav", samarbeid=()),
                    *[r for m in ("3403", "3405") for r in (
                        *rows(3, kommune=m, tjeneste="legekontor", samarbeid=("nav",)),
                        *rows(3, kommune=m, tjeneste="legekontor", samarbeid=()),
                        *rows(6, kommune=m, tjeneste="nav", samarbeid=("skole",)))]])
    q = wave_quantities(frame, ["3401", "3403", "3405"], MIN_N)
    shown = protect(q, MIN_N, PROTECTION)
    other = ("k", "3401", service_groups({"legekontor": 3, "nav": 2}, MIN_N).popitem()[0], "nav")
    assert q.value[other] == 1 and q.value[q.base[other]] == 5
    assert not shown[other].hidden, shown[other]
    # a figure of the network's sum gave way instead
    assert not all(shown[("k", p, "legekontor", "nav")].exact for p in ("3403", "3405", NETWORK))
    assert pub.WavePublication(schema.BASELINE, q, shown, MIN_N, PROTECTION).audit() == []


def test_a_low_share_that_at_least_cannot_protect_says_at_most() -> None:
    """«minst 10 %» of 5 says no more than «minst 20 %» (at least one), and wider still would be the
    mark, so the share is told from the other side: 1 of 5 is «høyst 30 %», then wider, each
    step allowing more counts (of 5, «høyst 50 %» says no more than «høyst 40 %»)."""
    frame = _frame([*rows(1, kommune="3401", p_identify=5), *rows(4, kommune="3401", p_identify=1)])
    q = wave_quantities(frame, ["3401"], MIN_N)
    key = ("c", "3401", "p_identify")
    forms = [initial(q, MIN_N, PROTECTION)[key]]
    while not forms[-1].hidden:
        forms.append(coarser(q, forms[-1], key, MIN_N))
    texts = [share_text(f, "nb") for f in forms]
    assert texts == ["minst 20 %", "høyst 30 %", "høyst 40 %", "høyst 60 %", "høyst 80 %", ":"]
    assert all(f.low <= 20 <= f.high for f in forms[:-1])


def test_the_issues_example_no_longer_pins_the_hidden_members() -> None:
    """midt-norge samling 1: the network showed 7 % of 81, the shown members added up to all of
    it, and every hidden member, one of them a group of 3, had to be 0."""
    groups = []
    for number, size, yes in (("5001", 20, 3), ("5006", 20, 3), ("5007", 20, 0), ("5031", 18, 0),
                              ("5035", 3, 0)):
        groups += [*rows(yes, kommune=number, p_inform_child=5),
                   *rows(size - yes, kommune=number, p_inform_child=1)]
    frame = _frame(groups)
    members = ["5001", "5006", "5007", "5031", "5035"]
    published = pub.wave_publication(frame, schema.BASELINE, tuple(members), MIN_N, PROTECTION)
    found = _attack(published, members)
    assert found, "the attacker looked at nothing"
    narrow = [f for f in found if f.width < attacker.required(f, PROTECTION)]
    assert not narrow, [attacker.explain(f) for f in narrow]


# --- random networks ---------------------------------------------------------------------------


@st.composite
def networks(draw: st.DrawFn) -> tuple[list[str], pd.DataFrame]:
    count = draw(st.integers(2, 6))
    members = [f"34{i:02d}" for i in range(1, count + 1)]
    groups: list[dict[str, object]] = []
    for member in members:
        for _ in range(draw(st.integers(0, 4))):  # a few kinds of respondent, several of each
            partners = draw(st.lists(st.sampled_from(PARTNERS), max_size=2, unique=True))
            groups += rows(draw(st.integers(1, 6)), kommune=member,
                           tjeneste=draw(st.sampled_from(SERVICES)),
                           p_identify=draw(st.sampled_from([1, 2, 4, 5])),
                           s_routine=draw(st.sampled_from([1, 2, 9])), samarbeid=tuple(partners))
    return members, _frame(groups)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_no_random_network_gives_a_protected_count_away(network: tuple[list[str], pd.DataFrame]) -> None:
    members, frame = network
    published = pub.wave_publication(frame, schema.BASELINE, tuple(members), MIN_N, PROTECTION)
    assert not published.audit()  # the engine's own audit passes …
    truth = _truth(published)
    for finding in _attack(published, members):  # … and so does one written apart from it
        value = truth_of(truth, finding.key)
        assert finding.low <= value <= finding.high, attacker.explain(finding)  # it is sound
        assert finding.width >= attacker.required(finding, PROTECTION), attacker.explain(finding)


def test_a_network_of_ten_small_municipalities_over_two_waves_passes() -> None:
    members = [f"50{i:02d}" for i in range(1, 11)]
    for wave, shift in ((schema.BASELINE, 0), ("samling-2", 1)):
        groups = []
        for i, member in enumerate(members):
            size = 3 + (i * 7 + shift) % 10
            for j in range(size):
                groups += rows(1, kommune=member, tjeneste=SERVICES[(i + j) % 3],
                               p_identify=[1, 5][(i * j + shift) % 2],
                               samarbeid=(PARTNERS[(i + j + shift) % 3],))
        published = pub.wave_publication(_frame(groups), wave, tuple(members), MIN_N, PROTECTION)
        assert not published.audit()
        assert not [f for f in _attack(published, members)
                    if f.width < attacker.required(f, PROTECTION)]


# --- the attacker fed the printed texts --------------------------------------------------------


def _key(kind: str, place: str, *rest: str) -> attacker.Key:
    return (kind, 1, place, *rest)


def _attack(published: pub.WavePublication, members: list[str]) -> list[attacker.Finding]:
    """What ``html_attacker`` makes of every figure as printed (it reads the texts, not the
    decisions), told what the reports say in words: which services each row taken together
    (a family, «other services») holds."""
    reader = attacker.Publication("demo", min_n=published.min_n, protection=published.protection)
    reader.members = set(members)
    q = published.quantities
    figure = attacker.Figure("side", "", "", True, False, False)
    for key, shown in published.shown.items():
        kind, place, *rest = key
        if any(is_group(r) for r in rest):
            continue
        if kind in ("N", "S", "n"):
            made = {"N": reader.total, "S": reader.service_n, "n": reader.item_n}[kind](1, place, *rest)
            text = count_text(shown, "nb", published.min_n)
            reader.observe(made, attacker.read_value(text, percent=False), base=None, share=False,
                           figure=figure)
        else:
            made = (reader.item_count if kind == "c" else reader.link)(1, place, *rest)
            text = published.share_text(key, "nb")
            reader.observe(made, attacker.read_value(text, percent=True), base=reader.base[made],
                           share=True, figure=figure)
    for member in members:  # a row taken together is the sum of the small services it names
        if member in q.left_out:
            continue
        sizes = {s: q.value[("S", member, s)] for s in q.services}
        for group, small in service_groups(sizes, published.min_n).items():
            size = _key("So", member, group)
            reader.base[size] = reader.total(1, member)
            reader.observe(size, attacker.read_value(published.size_text(("S", member, group), "nb"),
                                                     percent=False), base=None, share=False, figure=figure)
            reader.fact({**{reader.service_n(1, member, s): 1.0 for s in small}, size: -1.0}, 0, 0)
            for partner in schema.COOPERATION_OPTIONS:
                link = _key("ko", member, group, partner)
                reader.base[link] = size
                text = published.share_text(("k", member, group, partner), "nb")
                reader.observe(link, attacker.read_value(text, percent=True), base=size, share=True,
                               figure=figure)
                reader.fact({**{reader.link(1, member, s, partner): 1.0 for s in small}, link: -1.0}, 0, 0)
    return attacker.audit(reader)


def _truth(published: pub.WavePublication) -> dict[attacker.Key, int]:
    found: dict[attacker.Key, int] = {}
    for (kind, place, *rest), value in published.quantities.value.items():
        if rest and is_group(rest[0]):
            found[_key("So" if kind == "S" else "ko", place, *rest)] = value
        else:
            found[_key(kind, place, *rest)] = value
    return found


def test_the_attacker_is_not_blind() -> None:
    """The same attacker on a table published without protection finds the hidden cell: so its
    silence above means something."""
    frame = _frame([*rows(3, kommune="3401", p_identify=5), *rows(7, kommune="3401", p_identify=1),
                    *rows(2, kommune="3403", p_identify=5), *rows(8, kommune="3403", p_identify=1)])
    q = wave_quantities(frame, ["3401", "3403"], MIN_N)
    shown = initial(q, MIN_N, PROTECTION)
    shown[("c", "3401", "p_identify")] = HIDE  # one cell hidden, the rest exact
    exposed = pub.WavePublication(schema.BASELINE, q, shown, MIN_N, PROTECTION)
    found = {f.key: f for f in _attack(exposed, ["3401", "3403"])}
    hidden = found[("c", 1, "3401", "p_identify")]
    assert hidden.low == hidden.high == 3  # the network's 5 minus 3403's 2
    assert not math.isinf(hidden.group)
