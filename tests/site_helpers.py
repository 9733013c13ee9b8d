"""Helpers for tests/test_site.py: find, build and visit the built site in Chromium.

The site is the HTML that README command 1 builds into ``_build/html``; the tests
rebuild it first when it is missing or older than the sources. Set ``MLP_SITE_DIR`` to
check another, existing build folder as it is (it is never rebuilt).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SITE_DIR_GIVEN = bool(os.environ.get("MLP_SITE_DIR"))
SITE_DIR = Path(os.environ.get("MLP_SITE_DIR") or ROOT / "_build" / "html").resolve()
SCREENSHOT_DIR = SITE_DIR.parent / "screenshots"
# The sources the site was built from: the repository, unless MLP_SITE_DIR is another
# checkout's _build/html (then that checkout's _config.yml and _toc.yml describe it).
SOURCE_ROOT = next((d for d in (SITE_DIR.parent.parent, ROOT) if (d / "_toc.yml").exists()), ROOT)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update"]

# Console messages that are not problems, each with the reason. Keep this list short:
# fix the cause of a message rather than listing it here.
BENIGN_CONSOLE = [
    # (none at present)
]

# Schemes a page may load from without leaving the machine.
LOCAL_SCHEMES = {"file", "data", "blob", "about"}


# --------------------------------------------------------------------------- build


def source_files():
    """Every file whose change changes the built site."""
    files = [ROOT / "_config.yml", ROOT / "_toc.yml"]
    files += [p for p in (ROOT / "book").rglob("*")
              if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts]
    exercises = ROOT / "mlp_lib" / "exercises"  # writes the student notebooks
    if exercises.is_dir():
        files += [p for p in exercises.rglob("*.py")]
    return files


def site_is_stale(site_dir=SITE_DIR):
    index = site_dir / "index.html"
    if not index.exists():
        return "it has not been built"
    built = index.stat().st_mtime
    newer = [p for p in source_files() if p.stat().st_mtime > built]
    if newer:
        return f"{newer[0].relative_to(ROOT)} is newer than the build"
    return None


def build_site():
    """README command 1's build part: jupyter-book build . --all -W -n --keep-going."""
    exe = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(exe)] if exe.exists() else [shutil.which("jupyter-book") or "jupyter-book"]
    cmd += ["build", ".", "--all", "-W", "-n", "--keep-going"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{tail}")
    return time.perf_counter() - t0


# --------------------------------------------------------------------------- pages


def discover_pages(site_dir=SITE_DIR):
    """Every reader-facing HTML page, as paths relative to site_dir (posix)."""
    pages = []
    for p in sorted(site_dir.rglob("*.html")):
        rel = p.relative_to(site_dir).as_posix()
        if rel.split("/")[0] in {"_static", "_sources", "_images", "student"}:
            continue
        if rel == "index.html":  # a redirect to the root document; checked on its own
            continue
        pages.append(rel)
    return pages


def page_url(rel, site_dir=SITE_DIR):
    return (site_dir / rel).as_uri()


def local_target(url):
    """(local path, fragment) for a file:// URL, else None."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    return path, unquote(parts.fragment)


def static_ids(html_path):
    text = html_path.read_text(errors="replace")
    return set(re.findall(r'\sid="([^"]+)"', text)) | set(re.findall(r'\sname="([^"]+)"', text))


# --------------------------------------------------------------------------- browser


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


WAIT_FOR_MATH = """async () => {
  if (!document.querySelector('script[src*="mathjax"]')) return 'no mathjax';
  for (let i = 0; i < 200 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++)
    await new Promise(r => setTimeout(r, 25));
  if (!(window.MathJax && MathJax.startup)) return 'mathjax did not start';
  await MathJax.startup.promise;
  return 'typeset';
}"""

# Everything the checks need from one loaded page, read in one go.
COLLECT = r"""async () => {
  const imgs = Array.from(document.images);
  imgs.forEach(img => { img.loading = 'eager'; });
  await Promise.race([
    Promise.all(imgs.map(img => img.complete ? null : new Promise(r => {
      img.addEventListener('load', r); img.addEventListener('error', r); }))),
    new Promise(r => setTimeout(r, 5000))]);
  const out = {};
  out.title = document.title;
  out.mode = document.documentElement.dataset.mode;
  out.theme = document.documentElement.dataset.theme;
  out.images = imgs.map(img => ({src: img.getAttribute('src'), alt: (img.getAttribute('alt') || '').trim(),
                                  naturalWidth: img.naturalWidth, complete: img.complete}));
  const maths = Array.from(document.querySelectorAll('.math'));
  out.math = maths.length;
  out.untypeset = maths.filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.trim().slice(0, 80));
  out.mjx = document.querySelectorAll('mjx-container').length;
  const main = (document.querySelector('main') || document.body).cloneNode(true);
  main.querySelectorAll('pre, code, script, style, textarea, mjx-container, .highlight').forEach(e => e.remove());
  out.prose = main.textContent;
  out.links = Array.from(new Set(Array.from(document.querySelectorAll('a[href]')).map(a => a.href)));
  out.icons = Array.from(document.querySelectorAll('link[rel~="icon"]')).map(l => l.href);
  out.ids = Array.from(document.querySelectorAll('[id], a[name]')).map(e => e.id || e.getAttribute('name'));
  out.h1 = (document.querySelector('main h1') || {}).textContent || '';
  out.h1Number = ((document.querySelector('main h1 .section-number') || {}).textContent || '').trim();
  out.prev = (document.querySelector('.prev-next-area a.left-prev') || {}).href || null;
  out.next = (document.querySelector('.prev-next-area a.right-next') || {}).href || null;
  out.headerLinks = Array.from(document.querySelectorAll('.bd-header-article a[href]')).map(a => ({
      href: a.href, text: a.textContent.trim(), cls: a.className}));
  out.exercises = document.querySelectorAll('div.exercise').length;
  // solutions and quiz answers must be collapsed dropdowns
  out.notCollapsible = Array.from(document.querySelectorAll('div.admonition')).filter(e => {
    const title = (e.querySelector(':scope > .admonition-title') || {}).textContent || '';
    return (e.classList.contains('solution') || /^\s*Answer\b/.test(title)) &&
           !e.classList.contains('dropdown');
  }).map(e => ((e.querySelector(':scope > .admonition-title') || {}).textContent || '').trim().slice(0, 60));
  out.student = Array.from(document.querySelectorAll('a.student-notebook-link')).map(a => ({
      href: a.href, text: a.textContent.trim(), visible: a.getClientRects().length > 0}));
  out.unnumberedEquations = Array.from(document.querySelectorAll('div.math[id^="equation-"]'))
      .filter(e => !e.querySelector('.eqno')).map(e => e.id);
  return out;
}"""

# At phone width: does the page scroll sideways, and how wide is each figure shown?
PHONE_WIDTH = 390
PHONE_STATE = """() => ({
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  figs: Array.from(document.querySelectorAll('main img[src*="_images/"]')).map(i => ({
    src: i.getAttribute('src'), natural: i.naturalWidth, shown: i.getBoundingClientRect().width}))
})"""

# Is the body of a dropdown (everything but its title) shown?
DROPDOWN_STATE = """el => {
  if (el.tagName === 'DETAILS') return {open: el.open, shown: el.open};
  const body = Array.from(el.children).filter(c => !c.classList.contains('admonition-title'));
  const shown = body.length > 0 && body.some(c => c.getBoundingClientRect().height > 0 &&
      c.checkVisibility({opacityProperty: true, visibilityProperty: true}));
  return {open: !el.classList.contains('toggle-hidden'), shown};
}"""

DROPDOWNS = ".admonition.dropdown, details.sd-dropdown"
TOGGLE = ":scope > .admonition-title button.toggle-button, :scope > summary"  # what a reader clicks

RAW_TEX = re.compile(r"\$\$|\\begin\{|\\end\{|\\\(|\\\)|\\\[|\\\]|"
                     r"\\(?:frac|mathbf|mathrm|partial|sum|sigma|left|right|top|odot|circ|cdot|in)\b")
