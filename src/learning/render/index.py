"""The index pages linking a network's reports, held to the same standard as the reports."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from learning.atomic import write_text_atomic
from learning.i18n import Lang, t
from learning.network import Network
from learning.present import escape
from learning.render.page import page
from learning.reports.common import gathering_label
from learning.workspace import Workspace

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def _title_of(path: Path) -> str:
    head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    found = _TITLE.search(head)
    return found.group(1).strip() if found else path.stem  # already escaped in the file


def write_network_index(workspace: Workspace, network: Network) -> Path:
    """``reports/<network>/index.html``: every rendered report of the network, by gathering."""
    lang = network.language
    folder = workspace.reports_dir / network.id
    by_gathering: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(folder.rglob("*.html")):
        if path.name != "index.html":
            relative = path.relative_to(folder)
            by_gathering[relative.parts[0] if len(relative.parts) > 1 else ""].append(relative)
    title = t("common.index_title", lang, network=network.name)
    parts = [f"<h1>{escape(title)}</h1>", f"<p>{escape(t('common.index_intro', lang))}</p>"]
    if network.synthetic:
        parts.append(f'<p class="notice">{escape(t("common.synthetic_notice", lang, note=network.synthetic))}</p>')
    sections = [("", t("common.index_network_reports", lang))] + [
        (g.id, gathering_label(network, g.id, lang))
        for g in sorted(network.gatherings, key=lambda g: g.date)
    ]
    for key, heading in sections:
        links = by_gathering.get(key)
        if not links:
            continue
        items = "".join(
            f'<li><a href="{escape(link.as_posix())}">{_title_of(folder / link)}</a></li>' for link in links
        )
        parts.append(f'<h2>{escape(heading)}</h2><ul class="reports">{items}</ul>')
    target = folder / "index.html"
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
