"""Every participant page the demo render produces, checked in Debian's Chromium with axe-core.

One session: copy the demo workspace, import the demo surveys, run ``learning render`` as a user
would, and open each page from its file. Besides the demo's own reports, three pages composed
from the survey sections (a bokmål municipality, a nynorsk one, the network) give the privacy
checks real survey tables to look at. Expectations come from the reference data and the params,
never from the exporter's output.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import REPO, RenderedDemo
from learning.disclosure.shown import MARK
from learning.i18n import t
from learning.network import load_network, load_networks
from learning.present import Html
from learning.reference.municipalities import load_municipalities
from learning.reflection.store import ReflectionStore
from learning.render.export import participant_html, size_summary
from learning.render.paths import AUDIENCE_FOLDERS, municipality_folder_name
from learning.render.plan import plan
from learning.survey.store import load_responses
from learning.workspace import Workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# What tools write when nobody described the image (nbconvert's lab template, Jupyter, matplotlib).
PLACEHOLDER_ALTS = {"no description has been provided for this image", "png", "image", "figure", "jpeg", ""}
MIN_GROUP = 5
MEDIAN_LIMIT = 300_000


@dataclass(frozen=True)
class Target:
    """A page to check and what it should be: language, network, municipality, scope."""

    path: str  # relative to the reports folder
    network: str
    municipality: str = ""
    scope: str = "gathering"
    audience: str = "participants"


def _demo_targets() -> list[Target]:
    """Every report the demo params ask for, plus the index pages (known before rendering)."""
    workspace = Workspace(REPO)
    networks, _ = load_networks(workspace)
    jobs = plan(workspace, networks)
    targets = [Target(f"{job.output}.html", job.network, job.municipality, job.scope, job.audience) for job in jobs]
    municipalities = load_municipalities()
    for n in networks:
        targets.append(Target(f"{n.id}/index.html", n.id, scope="index", audience="facilitators"))
        audiences = {job.audience for job in jobs if job.network == n.id}
        folders = [("alle-kommuner", "participants")] + [
            (folder, audience) for audience, folder in AUDIENCE_FOLDERS.items() if audience in audiences]
        targets += [Target(f"{n.id}/{folder}/index.html", n.id, scope="index", audience=audience)
                    for folder, audience in folders]
        targets += [Target(f"{n.id}/kommuner/{municipality_folder_name(municipalities.get(m))}/index.html", n.id, m,
                           scope="index") for m in n.member_numbers]
    return [*targets, Target("index.html", "", scope="workspace-index", audience="facilitators")]


# Pages composed from the survey sections: (network, gathering, municipality).
COMPOSED = [("midt-norge-2022", "samling-3", "5001"), ("valdres", "rutiner", "3454"),
            ("midt-norge-2022", "samling-3", "")]


def _composed_targets() -> list[Target]:
    return [Target(f"composed/{n}-{g}-{m or 'network'}.html", n, m, "composed") for n, g, m in COMPOSED]


TARGETS = _demo_targets() + _composed_targets()


def _compose_survey_page(workspace: Workspace, network: str, gathering: str, municipality: str) -> str:
    """The survey sections as a report would show them, exported like a rendered notebook."""
    from learning.reports import overview, survey
    from learning.reports.context import ReportContext

    ctx = ReportContext.load(str(workspace.root), network, gathering, municipality)
    responses = load_responses(workspace, network)
    sections: list[Html] = [overview.header(ctx), survey.participation(ctx, responses),
                            survey.practice(ctx, responses), survey.system(ctx, responses),
                            survey.change_since_baseline(ctx, responses)]
    notebook = nbformat.v4.new_notebook()
    for section in sections:
        cell = nbformat.v4.new_code_cell("section(ctx)", metadata={"tags": ["remove-input"]})
        markup, metadata = (section._repr_html_(), {}) if not section.page else section._repr_html_()
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": markup}, metadata=metadata)]
        notebook.cells.append(cell)
    return participant_html(notebook, fallback_title="", fallback_lang="")


@pytest.fixture(scope="module")
def rendered(rendered_demo: RenderedDemo) -> Workspace:
    """The session's rendered demo (surveys imported, ``learning render``) plus composed pages."""
    workspace = rendered_demo.workspace
    for network, gathering, municipality in COMPOSED:
        target = workspace.reports_dir / "composed" / f"{network}-{gathering}-{municipality or 'network'}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and moved in: another pytest-xdist worker may be reading the same page.
        part = target.with_name(f"{target.name}.{os.getpid()}.part")
        part.write_text(_compose_survey_page(workspace, network, gathering, municipality), encoding="utf-8")
        part.replace(target)
    return workspace


@pytest.fixture(scope="module")  # closed before other modules start their own Playwright
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Chromium mangler: installer Debian-pakken chromium (se .ci/run)"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Loaded:
    page: Page
    requests: list[str]
    console_errors: list[str]
    soup: BeautifulSoup


class Tab:
    """One offline browser tab that opens page after page: every request outside the file refused,
    axe-core loaded into each page as it opens (compiled once, not injected per page), requests
    and console errors collected per page. The pages are static files without scripts, so nothing
    of one page outlives the next navigation."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(offline=True)
        self.context.add_init_script(Axe().axe_script)
        self.context.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort())
        self.page = self.context.new_page()
        self.viewport = self.page.viewport_size
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: Path) -> Loaded:
        """The page at ``path`` as a reader opens it: screen media, the default window size."""
        self.requests.clear()
        self.errors.clear()
        if self.viewport:
            self.page.set_viewport_size(self.viewport)
        self.page.emulate_media(media="null")
        self.page.goto(path.as_uri(), wait_until="load")
        return Loaded(self.page, self.requests, self.errors,
                      BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def tab(browser: Browser) -> Iterator[Tab]:
    shared = Tab(browser)
    yield shared
    shared.close()


def _open(target: Target, rendered: Workspace, tab: Tab) -> Loaded:
    path = rendered.reports_dir / target.path
    assert path.exists(), f"{target.path} was not rendered"
    return tab.open(path)


def _ids(targets: list[Target]) -> list[str]:
    return [t.path for t in targets]




def check_no_wcag_aa_violations(opened: Loaded, target: Target) -> None:
    """axe-core (loaded by the tab as the page opened) on WCAG 2.1 A and AA."""
    response = opened.page.evaluate("options => axe.run(options)", {
        "runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]})
    violations = [(v["id"], [n["html"][:120] for n in v["nodes"][:3]]) for v in response["violations"]]
    assert violations == []


def check_complete_offline_without_requests_elsewhere(opened: Loaded, target: Target) -> None:
    assert opened.requests, "the page itself was requested"
    assert [u for u in opened.requests if not u.startswith(("file:", "data:"))] == []
    images = opened.page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth])")
    assert all(complete and width > 0 for complete, width in images)
    assert opened.console_errors == []


def check_images_have_real_descriptions(opened: Loaded, target: Target) -> None:
    alts = opened.page.eval_on_selector_all("img", "els => els.map(e => e.getAttribute('alt'))")
    for alt in alts:
        assert alt is not None and alt.strip().lower() not in PLACEHOLDER_ALTS and len(alt.split()) >= 3, alt


def check_language_follows_the_written_standard(opened: Loaded, target: Target) -> None:
    expected = "nb"
    if target.network:
        network = next(n for n in load_networks(Workspace(REPO))[0] if n.id == target.network)
        expected = network.language
        if target.municipality:
            member = network.member(target.municipality)
            nynorsk = load_municipalities().get(target.municipality).malform == "nynorsk"
            expected = member.language or ("nn" if nynorsk else network.language)
    assert opened.page.evaluate("document.documentElement.lang") == expected


def check_structure_title_headings_tables(opened: Loaded, target: Target) -> None:
    soup = opened.soup
    title = soup.title.get_text(strip=True)
    assert len(soup.find_all("h1")) == 1
    if target.municipality:
        assert load_municipalities().get(target.municipality).name in title
    if target.scope in ("gathering", "composed"):
        assert re.search(r"Samling \d", title), title
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    for table in soup.find_all("table"):
        assert table.caption is not None and table.caption.get_text(strip=True)
        for cell in table.find_all("th"):
            assert cell.get("scope") in ("col", "row", "colgroup", "rowgroup") and cell.get_text(strip=True)
    assert soup.find_all("script") == [] and soup.find_all("link") == []
    assert [s.parent.name for s in soup.find_all("style")] == ["head"]


CODE_TRACES = ("ReportContext", "import ", "Traceback", "injected-parameters", "workspace =", "lang =",
               "papermill", "No description has been provided")


def check_no_code_parameters_or_errors(opened: Loaded, target: Target) -> None:
    text = opened.page.evaluate("document.body.innerText")
    html = str(opened.soup)
    assert not [trace for trace in CODE_TRACES if trace in text or trace in html]
    assert not opened.soup.select("pre, .input, .highlight, .output_error, .output_stream, [class*=celltag]")


def _n_columns(headers: list[str]) -> dict[int, int | None]:
    """Column index of each n column → index of the figure column it belongs to (None: itself)."""
    found: dict[int, int | None] = {}
    for lang in ("nb", "nn"):
        suffix, responses = t("survey.col_n", lang), t("survey.col_responses", lang)
        for i, header in enumerate(headers):
            if header == responses:
                found[i] = None
            elif header.endswith(f", {suffix}"):
                base = header.removesuffix(f", {suffix}")
                found[i] = headers.index(base) if base in headers else None
    return found


def survey_table_problems(soup: BeautifulSoup) -> tuple[int, list[str]]:
    """(rows checked, problems): a shown n below 5, or a figure shown beside a hidden n."""
    checked, problems = 0, []
    for table in soup.find_all("table"):
        head = table.find("thead")
        headers = [c.get_text(strip=True) for c in head.find_all(["th", "td"])] if head else []
        pairs = _n_columns(headers)
        for row in table.find("tbody").find_all("tr") if pairs else []:
            cells = [c.get_text(strip=True) for c in row.find_all(["th", "td"])]
            checked += 1
            for n_at, figure_at in pairs.items():
                n = cells[n_at].replace("\xa0", "").replace(" ", "")
                small = n == MARK or n.startswith("under")  # hidden, or «under 5»
                if n.isdigit() and int(n) < MIN_GROUP:
                    problems.append(f"{table.caption.get_text()}: n={n} in {cells}")
                if small and figure_at is not None and cells[figure_at] not in (MARK, "–"):
                    problems.append(f"{table.caption.get_text()}: figure beside hidden n in {cells}")
    return checked, problems


def check_no_statistic_for_fewer_than_five(opened: Loaded, target: Target) -> None:
    _, problems = survey_table_problems(opened.soup)
    assert problems == []


def test_survey_tables_were_checked(rendered: Workspace) -> None:
    """The privacy check above saw real survey tables (it would pass vacuously on none)."""
    checked = sum(survey_table_problems(BeautifulSoup((rendered.reports_dir / t.path).read_text("utf-8"),
                                                       "html.parser"))[0] for t in _composed_targets())
    assert checked >= 20


def test_the_privacy_check_catches_a_small_group() -> None:
    col_n = t("survey.col_n", "nb")
    page = (f"<table><caption>x</caption><thead><tr><th>Spørsmål</th><th>Trondheim</th><th>Trondheim, {col_n}</th>"
            "</tr></thead><tbody><tr><th>a</th><td>50 %</td><td>4</td></tr>"
            f"<tr><th>b</th><td>40 %</td><td>{MARK}</td></tr></tbody></table>")
    assert len(survey_table_problems(BeautifulSoup(page, "html.parser"))[1]) == 2


def test_no_free_text_in_any_participant_file(rendered: Workspace) -> None:
    comments = set()
    for network in ("midt-norge-2022", "valdres"):
        for comment in load_responses(rendered, network)["kommentar"].dropna():
            comments |= {comment.strip(), comment.split(":", 1)[-1].strip()}
    assert comments, "the demo surveys have comments to look for"
    pages = sorted(rendered.reports_dir.rglob("*.html"))
    assert len(pages) == len(TARGETS)
    for path in pages:
        text = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ")
        assert not [c for c in comments if c in text], path


def _reader(workspace: Workspace, path: Path) -> str:
    """The municipality whose own folder holds the page ("" for pages of no single municipality)."""
    parts = path.relative_to(workspace.reports_dir).parts
    if len(parts) < 4 or parts[1] != "kommuner":
        return ""
    return next(m.number for m in load_municipalities() if municipality_folder_name(m) == parts[2])


def _typed_texts(answers: object) -> Iterator[str]:
    if isinstance(answers, str):
        if len(answers.strip()) >= 15:
            yield answers.strip()
    elif isinstance(answers, dict):
        for value in answers.values():
            yield from _typed_texts(value)
    elif isinstance(answers, list):
        for value in answers:
            yield from _typed_texts(value)


def test_unshared_reflections_stay_in_the_municipalitys_own_worksheet(rendered: Workspace) -> None:
    """A reflection a municipality did not share appears in no other participant file: not in
    another municipality's material, not in the network's. (Its own worksheet shows it back.)"""
    store = ReflectionStore.for_workspace(rendered)
    unshared: dict[str, set[str]] = {}
    own: dict[str, set[str]] = {}  # every text a municipality wrote (its worksheets show them)
    shared: set[str] = set()  # the demo draws texts from one pool: a shared text may equal another's
    for network in ("midt-norge-2022", "valdres"):
        for version in store.versions(network):
            own.setdefault(version.municipality, set()).update(_typed_texts(version.answers))
        for gathering in load_network(rendered, network).gatherings:
            for version in store.latest_per_municipality(network, gathering.id):
                texts = set(_typed_texts(version.answers))
                (shared if version.shared else unshared.setdefault(version.municipality, set())).update(texts)
    secret = {m: texts - shared for m, texts in unshared.items()}
    assert sum(len(texts) for texts in secret.values()) > 0, "the demo has unshared reflections"
    for path in sorted(rendered.reports_dir.rglob("*.html")):
        text = " ".join(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ").split())
        reader = _reader(rendered, path)
        for municipality, texts in secret.items():
            if municipality == reader:
                continue
            leaked = [t for t in texts - own.get(reader, set()) if " ".join(t.split()) in text]
            assert not leaked, f"{path.relative_to(rendered.reports_dir)} shows {municipality}'s unshared text"


def test_reports_are_small(rendered: Workspace) -> None:
    reports = [rendered.reports_dir / t.path for t in TARGETS if "index" not in t.scope]
    summary = size_summary(reports)
    assert summary["files"] == len(reports)
    assert summary["median_bytes"] < MEDIAN_LIMIT, summary


A4_TEXT_WIDTH_PX = 688  # 210 mm less the print style's 14 mm margins each side, at 96 px per inch
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const beyond = [...document.querySelectorAll('body *')].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1;
  }).map(e => e.tagName + ': ' + (e.textContent || '').trim().slice(0, 40));
  return {width, scroll: document.documentElement.scrollWidth, beyond: beyond.slice(0, 5)};
}"""
FORCED_BREAKS = """() => [...document.querySelectorAll('body *')].filter(e => {
  const style = getComputedStyle(e);
  return ['page', 'left', 'right'].includes(style.breakBefore) || ['page', 'left', 'right'].includes(style.breakAfter);
}).map(e => e.tagName)"""


def check_prints_on_a4_portrait_with_nothing_past_the_edge(opened: Loaded, target: Target) -> None:
    """Print media at the text width of an A4 portrait page: no element reaches past the edge (wide
    tables are split, long words wrap) and no forced page break can leave a page nearly empty."""
    opened.page.set_viewport_size({"width": A4_TEXT_WIDTH_PX, "height": 1123})
    opened.page.emulate_media(media="print")
    layout = opened.page.evaluate(OVERFLOW)
    assert layout["scroll"] <= layout["width"] and layout["beyond"] == [], layout
    assert opened.page.evaluate(FORCED_BREAKS) == []
    figures = opened.page.eval_on_selector_all(
        "figure img", "els => els.map(e => [getComputedStyle(e).maxHeight, getComputedStyle(e).breakInside])")
    assert all(height != "none" and avoid == "avoid" for height, avoid in figures)


#: What only the project's own machinery says: ids, codes, file and tool names.
INTERNAL = [
    re.compile(r"\bsamling-\d"), re.compile(r"\bbølg(e|je)\b", re.I), re.compile(r"\bbaseline\b", re.I),
    re.compile(r"python -m|learning\.[a-z]"), re.compile(r"\.(ya?ml|csv|parquet|ipynb|py|sqlite)\b"),
    re.compile(r"\bfrø\b"), re.compile(r"\b[a-z]+_[a-z_]+\b"), re.compile(r"[{}]"),
]
def check_no_internal_ids_in_any_page(opened: Loaded, target: Target) -> None:
    """Participants and facilitators read gatherings by name and date and survey waves as they know
    them; never a gathering id, a code, a file name or a tool name (in the text, the title or an alt
    text)."""
    text = " ".join([opened.page.title(), opened.page.evaluate("document.body.innerText"),
                     *opened.page.eval_on_selector_all("img", "els => els.map(e => e.alt)")])
    gathering_ids = [g.id for g in load_network(Workspace(REPO), target.network).gatherings] if target.network else []
    found = [p.pattern for p in INTERNAL if p.search(text)]
    found += [f"samlingen {g}" for g in gathering_ids if re.search(rf"\bsamlinga?n? {re.escape(g)}\b", text)]
    assert found == []


PAGE_CHECKS = [check_no_wcag_aa_violations, check_complete_offline_without_requests_elsewhere,
               check_images_have_real_descriptions, check_language_follows_the_written_standard,
               check_structure_title_headings_tables, check_no_internal_ids_in_any_page]
REPORT_CHECKS = [check_no_code_parameters_or_errors, check_no_statistic_for_fewer_than_five]  # not index pages
LAST_CHECK = check_prints_on_a4_portrait_with_nothing_past_the_edge  # switches the page to print media


@pytest.mark.parametrize("target", TARGETS, ids=_ids(TARGETS))
def test_every_check_on_the_page(target: Target, rendered: Workspace, tab: Tab) -> None:
    """Load the page once and run every check on it; report each failing check by name."""
    checks = PAGE_CHECKS + ([] if "index" in target.scope else REPORT_CHECKS)
    checks += [LAST_CHECK]
    failures = []
    opened = _open(target, rendered, tab)
    for check in checks:
        try:
            check(opened, target)
        except AssertionError as error:
            failures.append(f"{check.__name__}: {error}")
    assert not failures, "\n".join(failures)


def test_the_id_check_catches_what_the_old_reports_said() -> None:
    for old in ("Antall svar per kommune, bølge baseline", "Rapporten gjelder samlingen samling-1",
                "oppdiktet av python -m learning.synthetic.goals (frø 20220111)", "Tjeneste: psykisk_helse_rus"):
        assert [p for p in INTERNAL if p.search(old)], old


def test_render_pdf_writes_an_a4_pdf_beside_each_participant_page(rendered_demo: RenderedDemo, tmp_path: Path) -> None:
    """``learning render --pdf`` prints a municipality's pages to PDF with Chromium: A4 portrait,
    the page's language and title as the document's. On a copy of the rendered demo: the shared
    one stays as the other tests read it."""
    from pypdf import PdfReader

    rendered = Workspace(tmp_path / "workspace")
    shutil.copytree(rendered_demo.workspace.root, rendered.root)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
           "LEARNING_CHROMIUM": CHROMIUM}
    result = subprocess.run([sys.executable, "-m", "learning", "render", "-w", str(rendered.root), "-n", "valdres",
                             "-g", "rutiner", "-m", "3454", "--pdf", "-q"],
                            capture_output=True, text=True, timeout=900, check=False, env=env)
    assert result.returncode == 0, result.stderr
    folder = rendered.reports_dir / "valdres" / "kommuner" / "vang"
    pages = sorted(p for p in folder.glob("samling-3-*.html"))
    assert {p.name.split("-", 5)[-1] for p in pages} == {"kommunerapport.html", "arbeidsark.html"}
    for html in pages:
        reader = PdfReader(html.with_suffix(".pdf"))
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        assert reader.metadata.title == soup.title.get_text(strip=True)
        assert reader.trailer["/Root"]["/Lang"] == "nn"
        for pdf_page in reader.pages:
            width, height = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
            assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4 portrait in points
    archive = folder.with_suffix(".zip")
    import zipfile

    names = zipfile.ZipFile(archive).namelist()
    assert any(n.endswith("kommunerapport.pdf") for n in names) and any(n.endswith("arbeidsark.pdf") for n in names)
