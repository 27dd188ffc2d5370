"""The package as users install it: a wheel in a clean environment renders reports for an external
workspace that has no ``notebooks/`` and no ``data/reference/`` of its own (they ship in the wheel)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _run(*command: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built offline from this checkout."""
    out = tmp_path_factory.mktemp("wheel")
    source = tmp_path_factory.mktemp("source") / "learning"
    # Build from a copy so the build's own folders (build/, *.egg-info) never land in the checkout.
    generated = {".venv", ".git", "reports", "build", ".pytest_cache", ".mypy_cache", ".ruff_cache"}

    def leave_out(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == REPO  # only the checkout's own generated folders, not src/learning/reports
        return {n for n in names if (top and n in generated) or n == "__pycache__" or n.endswith(".egg-info")
                or (Path(folder) == REPO / "data" and n == "processed")}

    shutil.copytree(REPO, source, ignore=leave_out)
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "-w", out, source, cwd=out, env=dict(os.environ))
    [built] = out.glob("learning-*.whl")
    return built


def test_the_wheel_carries_notebooks_and_reference_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for notebook in (REPO / "notebooks").glob("*.ipynb"):
        assert f"learning/notebooks/{notebook.name}" in names
    for reference in (REPO / "data" / "reference").iterdir():
        assert f"learning/reference_data/{reference.name}" in names
    assert "learning/network/starter_exercises.yml" in names
    assert not any(name.startswith(("tests/", "params/", "data/")) for name in names)


def test_an_installed_wheel_renders_an_external_workspace(wheel: Path, tmp_path: Path) -> None:
    environment = tmp_path / "env"
    _run(sys.executable, "-m", "venv", "--without-pip", environment, cwd=tmp_path, env=dict(os.environ))
    bin_dir = environment / "bin"
    python = bin_dir / "python"
    purelib = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                        cwd=tmp_path, env=dict(os.environ)).stdout.strip())
    # Dependencies come from the test environment (no network); its editable finder for `learning`
    # is a .pth *inside* that folder, which a plain path line does not run, so only the wheel counts.
    (purelib / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "LEARNING_WORKSPACE"}}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    # …and so do the data files the dependencies install beside them (nbconvert's templates).
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--quiet", wheel,
         cwd=tmp_path, env=env)
    where = _run(python, "-c", "import learning; print(learning.__file__)", cwd=tmp_path, env=env).stdout
    assert where.startswith(str(environment)), where  # the installed wheel, not this checkout

    workspace = tmp_path / "arbeidsområde"
    shutil.copytree(REPO / "params", workspace / "params")
    shutil.copytree(REPO / "data" / "demo", workspace / "data" / "demo")
    shutil.copytree(REPO / "data" / "goals", workspace / "data" / "goals")
    if (REPO / "data" / "pdsa").is_dir():
        shutil.copytree(REPO / "data" / "pdsa", workspace / "data" / "pdsa")
    assert not (workspace / "notebooks").exists() and not (workspace / "data" / "reference").exists()

    learning = bin_dir / "learning"
    _run(learning, "check", "--workspace", workspace, cwd=tmp_path, env=env)
    _run(learning, "demo", "--no-render", "--workspace", workspace, cwd=tmp_path, env=env)
    _run(learning, "render", "-n", "valdres", "-m", "3454", "--quiet", "--workspace", workspace,
         cwd=tmp_path, env=env)
    pages = [p for p in (workspace / "reports" / "valdres").rglob("*.html") if p.name != "index.html"]
    assert pages, "no report was rendered"
    report = next(p for p in pages if "3454" in str(p) or "vang" in str(p).lower())
    text = report.read_text(encoding="utf-8")
    assert 'lang="nn"' in text and "Vang" in text  # målform from the packaged reference data
