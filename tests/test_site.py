"""The built site as a reader meets it, checked page by page in headless Chromium.

Every reader-facing page of the build (README command 1's ``_build/html``) is opened
once from the file system, in one browser for the whole session; that one visit collects
what all the per-page checks below need, so the suite stays fast. ``_build/html`` is
rebuilt first when it is missing or older than the sources. ``MLP_SITE_DIR=<dir>``
checks another, existing build as it is. Chromium is Debian's (/usr/bin/chromium),
driven by Playwright; without it these tests skip locally and fail in CI (CI is set).
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import threading
import time
from urllib.parse import urlsplit

import pytest
import yaml

from site_helpers import (
    BENIGN_CONSOLE, CHROMIUM, COLLECT, DROPDOWN_STATE, DROPDOWNS, LOCAL_SCHEMES, PHONE_STATE,
    PHONE_WIDTH, RAW_TEX, SCREENSHOT_DIR, SITE_DIR, SITE_DIR_GIVEN, SOURCE_ROOT, TOGGLE,
    WAIT_FOR_MATH, build_site, discover_pages, launch_browser, local_target, page_url,
    site_is_stale, static_ids,
)

pytestmark = pytest.mark.browser

CONFIG = yaml.safe_load((SOURCE_ROOT / "_config.yml").read_text())
TOC = yaml.safe_load((SOURCE_ROOT / "_toc.yml").read_text())


def _files(entries):
    """The toc's files in reading order (a chapter, then its nested sections, e.g. its lab)."""
    for e in entries:
        yield e["file"]
        yield from _files(e.get("sections", []))


TOC_FILES = [TOC["root"]] + [f for part in TOC["parts"] for f in _files(part["chapters"])]


def _numbered(part):
    """The files a part numbers: `numbered: true` numbers every level, `numbered: N`
    only the top N levels (the course uses 1: chapters, not their nested labs)."""
    depth = part.get("numbered")
    if depth is True:
        return set(_files(part["chapters"]))
    if not depth:
        return set()
    level, out = part["chapters"], set()
    for _ in range(depth):
        out |= {e["file"] for e in level}
        level = [s for e in level for s in e.get("sections", [])]
    return out


NUMBERED = set().union(*(_numbered(part) for part in TOC["parts"]))
TIMINGS: dict[str, float] = {}


def _unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"browser checks cannot run in CI: {reason}")
    pytest.skip(reason)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def site():
    if SITE_DIR_GIVEN:  # someone else's build, checked as it is
        if not (SITE_DIR / "index.html").exists():
            pytest.fail(f"MLP_SITE_DIR={SITE_DIR} holds no built site (no index.html)")
        return SITE_DIR
    stale = site_is_stale()
    if stale:
        try:
            TIMINGS["build"] = build_site()
        except RuntimeError as err:
            pytest.fail(f"the site at {SITE_DIR} is stale ({stale}) and rebuilding it failed:\n{err}")
    return SITE_DIR


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -r requirements.txt)")
    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


class Visit:
    """One page loaded (in a new tab, or in ``tab`` reused), with what it logged and requested."""

    def __init__(self, context, url, lands_on=None, tab=None):
        self.page = page = tab or context.new_page()
        self.console, self.requests, self.failed = [], [], []
        self._listeners = {
            "console": lambda m: self.console.append(f"console.{m.type}: {m.text}")
            if m.type in ("error", "warning") else None,
            "pageerror": lambda e: self.console.append(f"uncaught: {e}"),
            "request": lambda r: self.requests.append(r.url),
            "requestfailed": lambda r: self.failed.append(f"{r.url} ({r.failure})"),
        }
        for event, fn in self._listeners.items():
            page.on(event, fn)
        page.goto(url, wait_until="load")
        if lands_on:  # a redirect: wait for the page it leads to
            page.wait_for_url(f"**/{lands_on}", timeout=5000)
            page.wait_for_load_state("load")
        self.math = page.evaluate(WAIT_FOR_MATH)

    def detach(self):
        for event, fn in self._listeners.items():
            self.page.remove_listener(event, fn)

    def problems(self):
        return [m for m in self.console if not any(b in m for b in BENIGN_CONSOLE)]

    def outside_requests(self, allowed_hosts=()):
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in LOCAL_SCHEMES:
                continue
            if parts.scheme in ("http", "https") and parts.hostname in allowed_hosts:
                continue
            out.append(url)
        return out


def _dropdowns(page):
    """Open every dropdown; report each one's state before and after.

    The first dropdown of a page is opened by a real mouse click (it must be clickable,
    not covered); the others by a click event, all at once, to keep the suite fast.
    """
    boxes = page.locator(DROPDOWNS)
    if not boxes.count():
        return []
    before = boxes.evaluate_all(f"els => els.map({DROPDOWN_STATE})")
    first = boxes.first.locator(TOGGLE).first
    first.scroll_into_view_if_needed()
    first.click()
    boxes.evaluate_all(f"els => els.slice(1).forEach(e => e.querySelector({TOGGLE!r}).click())")
    for _ in range(20):  # the theme fades each body in
        after = boxes.evaluate_all(f"els => els.map({DROPDOWN_STATE})")
        if all(a["open"] and a["shown"] for a in after):
            break
        page.wait_for_timeout(50)
    labels = boxes.evaluate_all(
        "els => els.map(e => [e.classList.contains('solution') ? 'solution' : e.tagName === 'DETAILS'"
        " ? 'details' : 'dropdown', (e.querySelector('.admonition-title, summary') || e)"
        ".textContent.trim().replace(/\\s+/g, ' ').slice(0, 60)])")
    return [{"kind": k, "title": t, "before": b, "after": a}
            for (k, t), b, a in zip(labels, before, after)]


@pytest.fixture(scope="session")
def report(browser, site):
    """Every page, opened once (light mode, 1280 px wide): what the checks need.

    Each page is also narrowed to phone width (no reload: the CSS media queries apply)
    to measure its figures there.
    """
    pages = discover_pages(site)
    desktop, phone = {"width": 1280, "height": 900}, {"width": PHONE_WIDTH, "height": 844}
    context = browser.new_context(viewport=desktop, color_scheme="light")
    tab = context.new_page()
    out = {}
    t0 = time.perf_counter()
    for rel in pages:
        t = [time.perf_counter()]
        v = Visit(context, page_url(rel, site), tab=tab)
        t.append(time.perf_counter())
        data = v.page.evaluate(COLLECT)
        tab.set_viewport_size(phone)
        data["phone"] = tab.evaluate(PHONE_STATE)
        tab.set_viewport_size(desktop)
        t.append(time.perf_counter())
        data["dropdowns"] = _dropdowns(v.page)
        t.append(time.perf_counter())
        data["seconds"] = [round(b - a, 2) for a, b in zip(t, t[1:])]  # load, inspect, dropdowns
        v.detach()
        data.update(console=v.problems(), outside=sorted(set(v.outside_requests())),
                    failed=sorted(set(v.failed)),
                    math_state=v.math)
        out[rel] = data
    context.close()
    TIMINGS["pages"] = time.perf_counter() - t0
    TIMINGS["n_pages"] = len(pages)
    return out


def _fail_if(problems, what):
    if problems:
        listing = "\n".join(f"  {p}" for p in problems[:40])
        more = f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""
        pytest.fail(f"{what}:\n{listing}{more}")


def _html_of(docname):
    return f"{docname}.html"


# --------------------------------------------------------------------------- every page


def test_every_toc_page_was_built_and_checked(report):
    missing = [f for f in TOC_FILES if _html_of(f) not in report]
    assert not missing, f"pages in _toc.yml with no built HTML: {missing}"
    assert any(p.endswith("-lab.html") for p in report), "no lab page was built"
    slowest = sorted(report.items(), key=lambda kv: -sum(kv[1]["seconds"]))[:3]
    print(f"\n{TIMINGS['n_pages']} pages checked in {TIMINGS['pages']:.1f} s"
          + (f" (site rebuilt first in {TIMINGS['build']:.0f} s)" if "build" in TIMINGS else "")
          + "; slowest (load, inspect, dropdowns): "
          + ", ".join(f"{rel} {d['seconds']}" for rel, d in slowest))


def test_pages_log_no_console_errors(report):
    _fail_if([f"{rel}: {m}" for rel, d in report.items() for m in d["console"]],
             "console errors or warnings (fix the cause; list truly benign ones in "
             "site_helpers.BENIGN_CONSOLE with a reason)")


def test_pages_request_nothing_outside_and_nothing_fails(report):
    _fail_if([f"{rel}: requests {u}" for rel, d in report.items() for u in d["outside"]]
             + [f"{rel}: failed {u}" for rel, d in report.items() for u in d["failed"]],
             "requests that leave the machine or fail (the site must work offline)")


def test_theme_mode_is_valid(report):
    _fail_if([f"{rel}: mode={d['mode']!r} theme={d['theme']!r}" for rel, d in report.items()
              if d["mode"] not in ("auto", "light", "dark") or d["theme"] not in ("light", "dark")],
             "pages whose colour mode did not resolve")


def test_math_is_typeset(report):
    with_math = {rel: d for rel, d in report.items() if d["math"]}
    assert with_math, "no page has math: is dollarmath still enabled?"
    problems = []
    for rel, d in with_math.items():
        if d["math_state"] != "typeset":
            problems.append(f"{rel}: MathJax state {d['math_state']!r}")
        problems += [f"{rel}: not typeset: {t!r}" for t in d["untypeset"]]
        if d["mjx"] < d["math"]:
            problems.append(f"{rel}: {d['math']} math elements but {d['mjx']} typeset")
    for rel, d in report.items():
        found = list(RAW_TEX.finditer(d["prose"]))
        if found:
            m = found[0]
            snippet = " ".join(d["prose"][max(0, m.start() - 40):m.end() + 40].split())
            problems.append(f"{rel}: raw TeX in the text ({len(found)}x), first: ...{snippet}...")
    _fail_if(problems, "math that did not render")


def test_equations_with_labels_are_numbered(report):
    _fail_if([f"{rel}: {eq}" for rel, d in report.items() for eq in d["unnumberedEquations"]],
             "labelled equations without a number")


def test_images_load_and_have_alt_text(report):
    problems = []
    for rel, d in report.items():
        for img in d["images"]:
            if not img["naturalWidth"]:
                problems.append(f"{rel}: image did not load: {img['src']}")
            if not img["alt"]:
                problems.append(f"{rel}: image without alt text: {img['src']}")
    _fail_if(problems, "images")


def test_internal_links_resolve(report, site):
    ids = {str((site / rel).resolve()): set(d["ids"]) for rel, d in report.items()}
    problems, checked = [], 0
    for rel, d in report.items():
        for url in d["links"] + d["icons"]:
            target = local_target(url)
            if target is None:
                continue
            path, fragment = target
            checked += 1
            if not path.exists():
                problems.append(f"{rel}: link to a missing file: {url}")
                continue
            if not fragment or path.suffix != ".html":
                continue
            known = ids.get(str(path.resolve()))
            if known is None:
                known = ids[str(path.resolve())] = static_ids(path)
            if fragment not in known:
                problems.append(f"{rel}: link to a missing anchor: {url}")
    assert checked, "no internal links found"
    _fail_if(problems, "internal links that do not resolve")


def test_dropdowns_start_hidden_and_open_on_click(report):
    boxes = [(rel, b) for rel, d in report.items() for b in d["dropdowns"]]
    solutions = [b for _, b in boxes if b["kind"] == "solution"]
    assert solutions, "no exercise solution in a dropdown anywhere in the book"
    problems = [f"{rel}: {t!r} is not a dropdown (add :class: dropdown)"
                for rel, d in report.items() for t in d["notCollapsible"]]
    for rel, b in boxes:
        if b["before"]["open"] or b["before"]["shown"]:
            problems.append(f"{rel}: {b['kind']} {b['title']!r} is open before a click")
        if not (b["after"]["open"] and b["after"]["shown"]):
            problems.append(f"{rel}: {b['kind']} {b['title']!r} did not open on click")
    _fail_if(problems, "dropdowns (quiz answers, exercise solutions)")


def test_chapters_are_numbered_and_linked_in_reading_order(report, site):
    problems = []
    for i, doc in enumerate(TOC_FILES):
        d = report.get(_html_of(doc))
        if d is None:
            continue  # reported by test_every_toc_page_was_built_and_checked
        if doc in NUMBERED and not d["h1Number"]:
            problems.append(f"{doc}: the title {d['h1'].strip()!r} has no chapter number")
        if CONFIG["title"] not in d["title"]:
            problems.append(f"{doc}: <title> {d['title']!r} does not name the book")
        expected_next = site / _html_of(TOC_FILES[i + 1]) if i + 1 < len(TOC_FILES) else None
        expected_prev = site / _html_of(TOC_FILES[i - 1]) if i > 0 else None
        for label, got, want in (("next", d["next"], expected_next),
                                 ("previous", d["prev"], expected_prev)):
            got_path = local_target(got)[0].resolve() if got else None
            if got_path != (want.resolve() if want else None):
                problems.append(f"{doc}: {label} link goes to {got}, expected {want}")
    _fail_if(problems, "numbering and previous/next navigation")


def test_lab_pages_offer_launch_download_and_student_notebook(report, site):
    repo = CONFIG["repository"]["url"].rstrip("/")
    org_repo = repo.split("github.com/")[-1]
    branch = CONFIG["repository"]["branch"]
    labs = {rel: d for rel, d in report.items() if rel.endswith("-lab.html")}
    assert labs, "no lab page (*-lab.html) in the build"
    problems = [] if any(d["student"] for d in labs.values()) else [
        "no lab page links a student notebook (does any master lab hold an exercise?)"]
    for rel, d in labs.items():
        source = rel[: -len(".html")] + ".ipynb"  # book/NN-name-lab.ipynb
        links = d["headerLinks"]
        binder = [a for a in links if a["text"] == "Binder"]
        colab = [a for a in links if a["text"] == "Colab"]
        if (not binder or f"/v2/gh/{org_repo}/{branch}" not in binder[0]["href"]
                or source not in binder[0]["href"]):
            problems.append(f"{rel}: no Binder launch button for {org_repo}@{branch}/{source}: {binder}")
        if not colab or f"/github/{org_repo}/blob/{branch}/{source}" not in colab[0]["href"]:
            problems.append(f"{rel}: no Colab launch button for {org_repo}@{branch}/{source}: {colab}")
        download = [a for a in links if "btn-download-source-button" in a["cls"]]
        if not download or not download[0]["href"].endswith(".ipynb"):
            problems.append(f"{rel}: no .ipynb download button: {download}")
        elif not local_target(download[0]["href"])[0].exists():
            problems.append(f"{rel}: the .ipynb download is missing: {download[0]['href']}")
        student = d["student"]
        if not student:
            if d["exercises"]:
                problems.append(f"{rel}: {d['exercises']} exercise(s) but no student-notebook link")
            continue
        if not student[0]["visible"] or "student notebook" not in student[0]["text"]:
            problems.append(f"{rel}: the student-notebook link is not visible: {student[0]}")
        path = local_target(student[0]["href"])[0]
        if not path.exists():
            problems.append(f"{rel}: the student notebook {path.name} was not written")
            continue
        text = path.read_text()
        nb = json.loads(text)
        outputs = [c for c in nb.get("cells", []) if c.get("outputs")]
        if not nb.get("cells") or outputs or "NotImplementedError" not in text:
            problems.append(f"{rel}: the student notebook {path.name} is empty, keeps outputs "
                            "or has no blank to fill in")
        if not any("btn-download-student-notebook-button" in a["cls"] for a in links):
            problems.append(f"{rel}: the header's download menu lacks the student notebook")
    _fail_if(problems, "lab pages")


# --------------------------------------------------------------------------- single checks


def test_home_page_opens_and_switches_to_dark(browser, site):
    context = browser.new_context()
    v = Visit(context, page_url("index.html", site), lands_on=_html_of(TOC["root"]))
    assert CONFIG["title"] in v.page.title()
    # the colour-mode button: from "auto" on a light system, one click gives the dark theme
    assert v.page.evaluate("document.documentElement.dataset.mode") == "auto"
    v.page.locator(".theme-switch-button:visible").first.click()
    v.page.wait_for_function("document.documentElement.dataset.theme === 'dark'", timeout=5000)
    assert not v.problems() and not v.failed and not v.outside_requests()
    context.close()


def test_search_finds_a_chapter(browser, site):
    """The reader's path: Ctrl+K on a chapter, type a word, Enter, follow a result."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    chapter = next(f for f in TOC_FILES[1:] if not f.endswith("-lab"))
    v = Visit(context, page_url(_html_of(chapter), site))
    v.page.keyboard.press("Control+k")
    box = v.page.locator("input[name='q']:visible").first
    box.fill("sigmoid")
    box.press("Enter")
    v.page.wait_for_url("**/search.html?q=sigmoid*", timeout=5000)
    results = v.page.locator("#search-results li a")
    results.first.wait_for(timeout=10000)
    assert results.count() >= 1, "the search for 'sigmoid' found nothing"
    first = results.first.evaluate("a => a.href")
    assert local_target(first)[0].exists(), f"the first search result links to nothing: {first}"
    assert not v.problems() and not v.failed and not v.outside_requests(), (
        v.problems(), v.failed, v.outside_requests())
    context.close()


def _pages_whose_html_has(site, needle):
    return [rel for rel in discover_pages(site) if needle in (site / rel).read_text(errors="replace")]


def test_math_and_search_work_from_a_local_web_server(browser, site):
    """A page with math and the search page over http://127.0.0.1 (as a static host
    serves them), with no request to any other host."""
    rel = next(rel for rel in _pages_whose_html_has(site, 'class="math') if rel.startswith("book/"))
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        context = browser.new_context()
        v = Visit(context, f"http://127.0.0.1:{server.server_port}/{rel}")
        assert v.math == "typeset", v.math
        state = v.page.evaluate(COLLECT)
        assert state["mjx"] >= state["math"] > 0 and not state["untypeset"], state["untypeset"]
        assert not v.problems(), v.problems()
        assert not v.failed, v.failed
        assert not v.outside_requests(allowed_hosts=("127.0.0.1",)), v.outside_requests(("127.0.0.1",))
        # served over http, search results also show a summary of each page
        v.detach()
        s = Visit(context, f"http://127.0.0.1:{server.server_port}/search.html?q=sigmoid", tab=v.page)
        s.page.locator("#search-results li p.context").first.wait_for(timeout=10000)
        assert not s.problems() and not s.failed, (s.problems(), s.failed)
        context.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_figures_stay_legible_at_phone_width(report):
    """390 px wide: no page scrolls sideways; a figure keeps a readable size (it may
    scroll inside its own box) instead of shrinking to the phone's width."""
    assert any(d["phone"]["figs"] for d in report.values()), "no page shows a figure"
    problems = []
    for rel, d in report.items():
        state = d["phone"]
        if state["overflow"] > 1:
            problems.append(f"{rel}: the page is {state['overflow']} px wider than the phone")
        for f in state["figs"]:
            if f["shown"] + 1 < min(f["natural"], 600):
                problems.append(f"{rel}: {f['src']} shrinks to {f['shown']:.0f} px "
                                f"(natural {f['natural']} px)")
    _fail_if(problems, f"pages at phone width ({PHONE_WIDTH} px)")


SHOTS = {"home": "index.html", "chapter": "book/01-forward.html", "lab": "book/01-forward-lab.html"}


def test_screenshots_light_and_dark(browser, site):
    """Screenshots to look at, in _build/screenshots/: home, a chapter, a lab, in light and
    dark (the reader's system setting, followed by the default "auto" mode), and a lab at
    phone width scrolled to its first figure. In dark mode figures sit on white."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for viewport, shots in (({"width": 1280, "height": 900}, SHOTS),
                            ({"width": PHONE_WIDTH, "height": 844}, {"lab-phone": SHOTS["lab"]})):
        context = browser.new_context(viewport=viewport, color_scheme="light")
        tab = context.new_page()
        for name, rel in shots.items():
            assert (site / rel).exists(), f"{rel} is not in the build"
            lands_on = _html_of(TOC["root"]) if rel == "index.html" else None
            v = Visit(context, page_url(rel, site), lands_on=lands_on, tab=tab)
            figure = tab.locator("main figure img, main .cell_output img").first
            if name == "lab-phone" and figure.count():
                figure.scroll_into_view_if_needed()
            for scheme in ("light", "dark"):
                tab.emulate_media(color_scheme=scheme)
                tab.wait_for_function(f"document.documentElement.dataset.theme === '{scheme}'",
                                      timeout=5000)
                tab.wait_for_timeout(400)  # let the theme's colour transitions finish
                tab.screenshot(path=str(SCREENSHOT_DIR / f"{name}-{scheme}.png"))
            backgrounds = tab.evaluate("""() => Array.from(document.querySelectorAll(
                'main figure img, main .cell_output img')).map(i => getComputedStyle(i).backgroundColor)""")
            assert all(b == "rgb(255, 255, 255)" for b in backgrounds), (
                f"{rel}: figures in dark mode need a white background: {backgrounds}")
            assert not v.problems(), v.problems()
            v.detach()
            tab.emulate_media(color_scheme="light")
        context.close()
