"""The index pages linking a network's reports, one per audience, and a zip per municipality.

``reports/<network>/index.html`` says what to send to whom: each municipality's folder and zip,
the pages for every municipality, and the facilitators' folder. Each folder has its own index
listing only what lies in it (a municipality's index also links the pages meant for every
member), so no index meant for one reader links another municipality's worksheet.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from learning.atomic import write_text_atomic
from learning.i18n import Lang, t
from learning.network import Network
from learning.present import escape
from learning.reference.municipalities import load_municipalities
from learning.render.page import page
from learning.render.paths import (
    ALL_MUNICIPALITIES,
    AUDIENCE_FOLDERS,
    MUNICIPALITIES,
    gathering_part,
    municipality_folder_name,
)
from learning.reports.common import gathering_label
from learning.reports.context import report_language
from learning.workspace import Workspace

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
INDEX = "index.html"


def _title_of(path: Path) -> str:
    head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    found = _TITLE.search(head)
    return found.group(1).strip() if found else escape(path.stem)  # already escaped in the file


def _links(folder: Path, pages: list[Path], base: Path) -> str:
    """One list item per page (relative to ``base``), with its PDF where there is one."""
    items = []
    for path in pages:
        href = os.path.relpath(path, base).replace(os.sep, "/")
        item = f'<a href="{escape(href)}">{_title_of(path)}</a>'
        pdf = path.with_suffix(".pdf")
        if pdf.exists():
            item += f' (<a href="{escape(os.path.relpath(pdf, base).replace(os.sep, "/"))}">PDF</a>)'
        items.append(f"<li>{item}</li>")
    return f'<ul class="reports">{"".join(items)}</ul>'


def _by_gathering(network: Network, pages: list[Path], lang: Lang) -> list[tuple[str, list[Path]]]:
    """Pages grouped under their gathering's name, in date order; pages of no gathering first."""
    groups: dict[str, list[Path]] = defaultdict(list)
    prefixes = {gathering_part(network, g.id): g.id for g in network.gatherings}
    for path in pages:
        found = next((g for prefix, g in prefixes.items() if path.name.startswith(prefix + "-")), "")
        groups[found].append(path)
    ordered = [""] + [g.id for g in network.gatherings_in_order]
    return [(gathering_label(network, g, lang) if g else t("common.index_network_reports", lang), groups[g])
            for g in ordered if groups.get(g)]


def _html_pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.html") if p.name != INDEX) if folder.is_dir() else []


def _folder_index(network: Network, folder: Path, title: str, intro: str, lang: Lang,
                  extra: Sequence[tuple[str, list[Path]]] = ()) -> Path:
    parts = [f"<h1>{escape(title)}</h1>", f"<p>{escape(intro)}</p>"]
    if network.synthetic:
        parts.append(f'<p class="notice">{escape(t("common.synthetic_notice", lang, note=network.synthetic))}</p>')
    for heading, pages in [*_by_gathering(network, _html_pages(folder), lang), *extra]:
        parts.append(f"<h2>{escape(heading)}</h2>{_links(folder, pages, folder)}")
    target = folder / INDEX
    write_text_atomic(target, page("".join(parts), title=title, lang=lang))
    return target


def _zip_folder(root: Path, members: list[Path], target: Path, top: str) -> None:
    """``members`` (paths under ``root``) zipped under the folder name ``top``, written atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in members:
                archive.write(path, f"{top}/{path.relative_to(root).as_posix()}")
        Path(temporary).replace(target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def write_municipality_index(workspace: Workspace, network: Network, number: str) -> Path | None:
    """A member's own folder: its index (its own pages, then those for every member) and its zip."""
    place = load_municipalities().get(number)
    root = workspace.reports_dir / network.id
    folder = root / MUNICIPALITIES / municipality_folder_name(place)
    if not _html_pages(folder):
        return None
    lang = report_language(network, place)
    shared = _html_pages(root / ALL_MUNICIPALITIES)
    extra = [(t("common.index_for_all", lang), shared)] if shared else []
    index = _folder_index(network, folder, t("common.index_municipality_title", lang, place=place.name),
                          t("common.index_municipality_intro", lang, place=place.name), lang, extra)
    own = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in {".html", ".pdf"})
    common_files = [p for p in (root / ALL_MUNICIPALITIES).glob("*") if p.suffix in {".html", ".pdf"}
                    and p.name != INDEX] if shared else []
    top = f"{municipality_folder_name(place)}-{network.id}"
    _zip_folder(root, [*own, *sorted(common_files)], folder.with_suffix(".zip"), top)
    return index


def write_network_index(workspace: Workspace, network: Network) -> Path:
    """``reports/<network>/index.html``: what to send to whom, with every audience's own index."""
    lang = network.language
    root = workspace.reports_dir / network.id
    municipalities = load_municipalities()
    title = t("common.index_title", lang, network=network.name)
    parts = [f"<h1>{escape(title)}</h1>", f"<p>{escape(t('common.index_intro', lang))}</p>"]
    if network.synthetic:
        parts.append(f'<p class="notice">{escape(t("common.synthetic_notice", lang, note=network.synthetic))}</p>')
    rows = []
    for number in network.member_numbers:
        index = write_municipality_index(workspace, network, number)
        if index is None:
            continue
        place = municipalities.get(number)
        archive = index.parent.with_suffix(".zip")
        rows.append(f'<li><a href="{escape(index.relative_to(root).as_posix())}">{escape(place.name)}</a>'
                    f' (<a href="{escape(archive.relative_to(root).as_posix())}">'
                    f'{escape(t("common.index_zip", lang))}</a>)</li>')
    if rows:
        parts.append(f"<h2>{escape(t('common.index_to_municipalities', lang))}</h2>"
                     f"<p>{escape(t('common.index_to_municipalities_intro', lang))}</p>"
                     f'<ul class="reports">{"".join(rows)}</ul>')
    shared_folder = root / ALL_MUNICIPALITIES
    if _html_pages(shared_folder):
        index = _folder_index(network, shared_folder, t("common.index_all_title", lang, network=network.name),
                              t("common.index_all_intro", lang), lang)
        parts.append(f"<h2>{escape(t('common.index_for_all', lang))}</h2>"
                     f'<ul class="reports"><li><a href="{escape(index.relative_to(root).as_posix())}">'
                     f"{escape(t('common.index_all_title', lang, network=network.name))}</a></li></ul>")
    for audience, name in AUDIENCE_FOLDERS.items():
        folder = root / name
        if _html_pages(folder):
            heading = t(f"common.index_{audience}_title", lang, network=network.name)
            index = _folder_index(network, folder, heading, t(f"common.index_{audience}_intro", lang), lang)
            parts.append(f"<h2>{escape(heading)}</h2>"
                         f'<ul class="reports"><li><a href="{escape(index.relative_to(root).as_posix())}">'
                         f"{escape(heading)}</a></li></ul>")
    target = root / INDEX
    write_text_atomic(target, page("".join(parts), title=title, lang=lang))
    return target


def write_workspace_index(workspace: Workspace, networks: list[Network]) -> Path:
    """``reports/index.html``: one link per network index."""
    lang: Lang = "nb"  # the workspace may hold networks of both written standards; bokmål is the default
    title = t("common.workspace_index_title", lang)
    items = "".join(
        f'<li><a href="{escape(n.id)}/index.html">{escape(n.name)}</a></li>'
        for n in networks if (workspace.reports_dir / n.id / "index.html").exists()
    )
    body = f"<h1>{escape(title)}</h1><ul class=\"reports\">{items}</ul>"
    target = workspace.reports_dir / "index.html"
    write_text_atomic(target, page(body, title=title, lang=lang))
    return target
