"""Site additions for the course book (a small local Sphinx extension).

1. Student notebooks. At the start of an HTML build, ``mlp_lib.exercises.
   write_student_notebooks(book_dir, out_dir)`` writes the student version of each lab
   into ``<html>/student/``. Each lab page that has one gets a visible "Download the
   student notebook" link under its title, and an entry in the header's download menu.
2. One copy of each inline script. Sphinx 7.4 re-adds the inline scripts registered
   after the builder started (sphinx-togglebutton's selector, sphinx-thebe's constants)
   once more per page; the second ``const THEBE_JS_URL`` is a JavaScript SyntaxError in
   every page's console. The duplicates are dropped here.
3. Search from the file system. Sphinx's search page fetches each result page to show
   a summary; a page opened from file:// may not fetch (CORS), so every search logged
   errors. Opened from file://, results are listed without summaries; served over
   http(s) they keep them.
"""
from __future__ import annotations

import posixpath
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

STUDENT_DIR = "student"  # inside the HTML output folder


def _match(lab_stem: str, written: list[Path]) -> Path | None:
    """The student notebook written for the lab ``lab_stem`` (e.g. ``03-backprop-lab``)."""
    by_stem = {p.stem: p for p in written}
    if lab_stem in by_stem:
        return by_stem[lab_stem]
    for p in sorted(written):  # e.g. 03-backprop-lab-student.ipynb
        if p.stem.startswith(lab_stem):
            return p
    return None


def write_student_notebooks(app):
    """builder-inited: write the student notebooks into the HTML output."""
    app.mlp_student_notebooks = {}
    if app.builder.format != "html":
        return
    try:
        from mlp_lib.exercises import write_student_notebooks as write
    except ModuleNotFoundError as err:
        if err.name not in ("mlp_lib", "mlp_lib.exercises"):
            raise  # the generator exists but is broken: say so
        logger.info(f"[mlp_site] no student notebooks ({err})")  # a checkout without exercises
        return
    book_dir = Path(app.srcdir) / "book"
    out_dir = Path(app.outdir) / STUDENT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.ipynb"):
        old.unlink()
    write(book_dir, out_dir)
    written = sorted(out_dir.glob("*.ipynb"))
    for nb in sorted(book_dir.glob("*-lab.ipynb")):
        found = _match(nb.stem, written)
        if found is not None:
            app.mlp_student_notebooks[f"book/{nb.stem}"] = f"{STUDENT_DIR}/{found.name}"
    logger.info(f"[mlp_site] {len(written)} student notebook(s) in {STUDENT_DIR}/")


def _student_uri(app, docname):
    target = getattr(app, "mlp_student_notebooks", {}).get(docname)
    if target is None:
        return None
    return posixpath.relpath(target, posixpath.dirname(docname) or ".")


def add_student_link(app, doctree, docname):
    """doctree-resolved: a download link right under the lab's title."""
    uri = _student_uri(app, docname)
    if uri is None or app.builder.format != "html":
        return
    name = posixpath.basename(uri)
    html = (
        '<div class="student-notebook">'
        f'<a class="btn student-notebook-link" href="{uri}" download="{name}">'
        '<i class="fas fa-pencil" aria-hidden="true"></i> Download the student notebook</a>'
        '<span class="student-notebook-text">This lab with the exercise solutions blanked '
        "out and no outputs: open it in JupyterLab and fill in the gaps.</span></div>"
    )
    link = nodes.raw("", html, format="html")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, link)
    else:
        doctree.insert(0, link)


def page_context(app, pagename, templatename, context, doctree):
    """html-page-context (after sphinx-book-theme's header buttons)."""
    # 2. drop repeated inline scripts; keep the first of each
    scripts = context.get("script_files")
    if scripts:
        seen, unique = set(), []
        for js in scripts:
            key = (js.filename or "", js.priority, tuple(sorted(js.attributes.items())))
            if key not in seen:
                seen.add(key)
                unique.append(js)
        scripts[:] = unique
    # 1. the student notebook in the header's download menu
    uri = _student_uri(app, pagename)
    if uri is None:
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].insert(1, {
                "type": "link",
                "url": uri,
                "text": "student .ipynb",
                "tooltip": "Download the student notebook (exercises to fill in)",
                "icon": "fas fa-pencil",
                "label": "download-student-notebook-button",
            })


NO_SUMMARY_ON_FILE = (
    'if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS === "object") '
    "{ DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false; }"
)


def setup(app):
    app.add_js_file(None, body=NO_SUMMARY_ON_FILE)
    app.connect("builder-inited", write_student_notebooks)
    app.connect("doctree-resolved", add_student_link)
    app.connect("html-page-context", page_context, priority=600)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
