"""Demo reflections: seeded, idempotent, varied, marked as demo, and visible in the summary."""

from __future__ import annotations

import shutil
from collections import Counter

from learning.reflection.export import answers_frame
from learning.reflection.store import ReflectionStore
from learning.reports import gathering_summary as summary
from learning.reports.context import ReportContext
from learning.synthetic.reflections import seed_demo_reflections
from learning.workspace import Workspace


def test_seeding_is_idempotent_and_varied(demo_workspace: Workspace):
    added = seed_demo_reflections(demo_workspace)
    store = ReflectionStore.for_workspace(demo_workspace)
    versions = store.versions()
    assert added == len(versions) > 0
    assert seed_demo_reflections(demo_workspace) == 0
    assert len(store.versions()) == len(versions)
    assert all(v.demo for v in versions)
    assert {v.network for v in versions} == {"midt-norge-2022", "valdres"}
    assert {True, False} <= {v.shared for v in versions}
    assert len({v.role for v in versions}) >= 3
    per_key = Counter((v.network, v.gathering, v.municipality, v.exercise) for v in versions)
    assert max(per_key.values()) >= 2  # several versions of the same answer
    texts = answers_frame(store)
    typed = texts[(texts["measure"] == "") & texts["value"].str.contains(" ")]["value"]
    assert len(typed) > 0 and typed.str.startswith("Demo: ").all()


def test_the_same_seed_gives_the_same_answers(demo_workspace: Workspace, tmp_path):
    seed_demo_reflections(demo_workspace)
    other = Workspace(tmp_path / "other")
    other.params_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(demo_workspace.params_dir, other.params_dir)
    shutil.copytree(
        demo_workspace.data_dir, other.data_dir, ignore=shutil.ignore_patterns("processed")
    )
    seed_demo_reflections(other)
    first = [
        (v.municipality, v.exercise, v.shared, v.answers)
        for v in ReflectionStore.for_workspace(demo_workspace).versions()
    ]
    second = [
        (v.municipality, v.exercise, v.shared, v.answers)
        for v in ReflectionStore.for_workspace(other).versions()
    ]
    assert first == second


def test_demo_summary_shows_shared_content(demo_workspace: Workspace):
    seed_demo_reflections(demo_workspace)
    ctx = ReportContext.load(str(demo_workspace.root), "midt-norge-2022", "samling-3", lang="nb")
    page = summary.shared_learning(ctx).markup + summary.measures(ctx).markup
    assert page.count("<h3") >= 2 and "Demo: " in page
    assert 'alt="Varmekart' in page
