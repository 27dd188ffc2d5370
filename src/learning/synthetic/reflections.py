"""Seeded, invented reflections for the demo networks, so the worksheets and summaries show content.

Every version is stored with ``demo = 1`` and every typed text starts with «Demo:». Some
municipalities share and some do not; some save several versions (and a few change their mind
about sharing); roles vary; the self-assessment moves mostly upwards from gathering to gathering.
"""

from __future__ import annotations

import datetime as dt
import random

from learning.network import Network, load_networks
from learning.reference.guideline import MEASURES, STATUSES
from learning.reflection.answers import Answers, answer_errors, cleaned
from learning.reflection.exercises import ChoiceField, Exercise, MeasuresField, exercises_path, load_exercises
from learning.reflection.store import ReflectionStore, Store
from learning.workspace import Workspace

SEED = 2024
PREFIX = "Demo: "
_TEXTS: dict[str, list[str]] = {
    "hva_skjedde": [
        "Vi la spørsmålet om barn inn i innkomstsamtalen, og de fleste nye brukerne ble spurt.",
        "Vi holdt et personalmøte om barn som pårørende, men fikk ikke prøvd ut rutinen i praksis.",
        "Helsestasjonen og psykisk helse hadde et felles møte og laget en enkel kontaktliste.",
    ],
    "hva_laerte": [
        "Det blir lettere å spørre når spørsmålet står i malen.",
        "Vi trenger en fast person som følger opp at rutinen blir brukt.",
        "Foreldrene var mer positive til samtalen enn vi hadde trodd.",
    ],
    "hva_videre": [
        "Vi fortsetter og tar rutinen med til hjemmetjenesten.",
        "Vi justerer skjemaet og prøver igjen fram til neste samling.",
    ],
    "hva_prove": [
        "Spørre alle nye brukere om de har barn eller søsken under 18 år.",
        "Tilby en samtale med barnet når en forelder blir innlagt.",
        "Lage en felles oversikt over støttetilbud for barn i kommunen.",
    ],
    "hvem": [
        "Leder for psykisk helse og rus og to sykepleiere.",
        "Helsesykepleier og fastlegekontoret.",
    ],
    "hvordan_vite": [
        "Vi teller i journalen hvor mange som er spurt.",
        "Vi spør de ansatte om de har brukt rutinen, og ser på antall samtaler med barn.",
    ],
    "fungerte": [
        "Korte møter på tvers av tjenestene har gitt bedre kjennskap til hverandre.",
        "Ledelsen har satt av tid til arbeidet.",
        "En felles sjekkliste er tatt i bruk.",
    ],
    "vanskelig": [
        "Det er vanskelig å finne tid i en travel hverdag.",
        "Vi er usikre på taushetsplikten når skolen skal involveres.",
        "Nye ansatte kjenner ikke rutinene.",
    ],
    "laere_av_andre": [
        "Hvordan andre kommuner har organisert barneansvarlig personell.",
        "Erfaringer med samtalegrupper for barn.",
    ],
}


def _text(rng: random.Random, field_id: str, number: str) -> str:
    # The municipality's number makes each text its own, so a test can tell whose text it sees.
    return f"{PREFIX}({number}) " + rng.choice(_TEXTS.get(field_id, ["oppdiktet svar."]))


def _answers(
    rng: random.Random, exercise: Exercise, levels: dict[str, int], has_previous: bool, number: str
) -> Answers:
    answers: Answers = {}
    for field in exercise.fields_for(has_previous):
        if isinstance(field, MeasuresField):
            answers[field.id] = {
                code: {
                    "status": STATUSES[levels[code]],
                    "comment": PREFIX + "rutinen er under arbeid." if rng.random() < 0.15 else "",
                }
                for code in MEASURES
            }
        elif isinstance(field, ChoiceField):
            answers[field.id] = (
                rng.choice(field.options).value if field.required or rng.random() < 0.7 else ""
            )
        else:
            answers[field.id] = _text(rng, field.id, number) if field.required or rng.random() < 0.6 else ""
    return answers


def _advance(rng: random.Random, levels: dict[str, int]) -> None:
    """Between gatherings most measures stay, some move up, a few slip back."""
    for code in MEASURES:
        roll = rng.random()
        if roll < 0.35:
            levels[code] = min(len(STATUSES) - 1, levels[code] + 1)
        elif roll > 0.95:
            levels[code] = max(0, levels[code] - 1)


def _roles(network: Network, number: str) -> list[str]:
    return [r.role for r in network.member(number).representatives] or ["helsepersonell"]


def _seed_network(
    store: Store, workspace: Workspace, network: Network, rng: random.Random
) -> int:
    data = load_exercises(workspace, network)
    held = [g for g in network.gatherings_in_order if g.attendance is not None]
    added = 0
    for number in network.member_numbers:
        levels = {code: rng.choice([0, 0, 1]) for code in MEASURES}
        for index, gathering in enumerate(held):
            if index:
                _advance(rng, levels)
            shares = rng.random() < 0.65
            for exercise in data.for_gathering(gathering.id):
                if rng.random() < 0.15:  # not every municipality answers every exercise
                    continue
                versions = rng.choice([1, 1, 2, 3])
                for n in range(versions):
                    answers = cleaned(
                        exercise,
                        _answers(rng, exercise, levels, bool(index), number),
                        has_previous=bool(index),
                    )
                    if answer_errors(exercise, answers, "nb", has_previous=bool(index)):
                        raise AssertionError(f"demo answers for {exercise.id} do not validate")
                    # A few change their mind: an earlier version shared, the current one not.
                    shared = shares if n == versions - 1 else rng.random() < 0.5
                    when = dt.datetime.combine(gathering.date, dt.time(8), dt.UTC) - dt.timedelta(
                        days=3 * (versions - n), hours=rng.randrange(0, 6)
                    )
                    role = (
                        "fasilitator" if rng.random() < 0.1 else rng.choice(_roles(network, number))
                    )
                    store.append(
                        network=network.id,
                        municipality=number,
                        gathering=gathering.id,
                        exercise=exercise.id,
                        role=role,
                        shared=shared,
                        answers=answers,
                        demo=True,
                        saved_at=when,
                    )
                    added += 1
    return added


def seed_demo_reflections(workspace: Workspace, *, seed: int = SEED) -> int:
    """Add the demo reflections of every synthetic network that has exercises; return how many
    versions were added (0 when the store already holds demo versions: safe to call again)."""
    store = ReflectionStore.for_workspace(workspace)
    if any(v.demo for v in store.versions()):
        return 0
    networks, _problems = load_networks(workspace)
    added = 0
    for network in networks:
        if network.synthetic and exercises_path(workspace, network.id).exists():
            added += _seed_network(store, workspace, network, random.Random(f"{seed}-{network.id}"))
    return added
