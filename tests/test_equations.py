"""The book's equations and mlp_lib's code cite each other; keep the two in step.

The book is the root page and the files listed in _toc.yml (chapters and labs' markdown).

(a) every ``eq-...`` label that mlp_lib cites (comments or docstrings) is defined in the book;
(b) each equation of the source notebook is cited by a line of code inside some function;
(c) every {eq} reference in the book points at a label that exists;
(d) no label is defined twice.
"""
import ast
import io
import json
import re
import tokenize
from collections import Counter

import pytest
import yaml

from conftest import BOOK, ROOT

LIB = ROOT / "mlp_lib"

# A label: "eq-" then letters, digits, "-" or "_", not ending in "-" (so "eq-dZ:" → "eq-dZ").
LABEL = r"eq-[A-Za-z0-9_-]*[A-Za-z0-9_]"

# The source notebook's equations (forward, backward, update), as the book labels them.
SEED_EQUATIONS = ["eq-z1", "eq-a1", "eq-z2", "eq-y",
                  "eq-dz2", "eq-dW2", "eq-db2", "eq-dz1", "eq-dW1", "eq-db1",
                  "eq-sgd-W", "eq-sgd-b"]

# Ways MyST defines an equation label:  $$ ... $$ (eq-x)  |  :label: eq-x  |  (eq-x)=
LABEL_DEFINITIONS = [
    re.compile(r"^\s*\$\$\s*\((" + LABEL + r")\)\s*$", re.M),
    re.compile(r"^\s*:label:\s*(" + LABEL + r")\s*$", re.M),
    re.compile(r"^\s*\((" + LABEL + r")\)=\s*$", re.M),
]
# {eq}`eq-x` and {eq}`text <eq-x>`
EQ_REFERENCE = re.compile(r"\{eq\}`(?:[^`<]*<)?\s*(" + LABEL + r")\s*>?`")


def _book_files():
    """The pages of the book: the root and every file listed in _toc.yml, in order.
    (A chapter that is not in the table of contents is not part of the site, so its
    labels do not count.)"""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    entries = [toc["root"]] + [c["file"] for part in toc.get("parts", [])
                               for c in part.get("chapters", [])]
    for entry in entries:
        for suffix in (".md", ".ipynb"):
            path = (ROOT / entry).with_suffix(suffix)
            if path.exists():
                yield path


def _book_texts():
    """(file name, markdown text) for every chapter and every lab's markdown cell."""
    for path in _book_files():
        if path.suffix == ".md":
            yield path.name, path.read_text(encoding="utf-8")
        else:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            for i, cell in enumerate(cells):
                if cell["cell_type"] == "markdown":
                    yield f"{path.name} (cell {i})", "".join(cell["source"])


def _defined_labels():
    """Counter of label → number of definitions, and label → where it is defined."""
    counts, where = Counter(), {}
    for name, text in _book_texts():
        for pattern in LABEL_DEFINITIONS:
            for label in pattern.findall(text):
                counts[label] += 1
                where.setdefault(label, []).append(name)
    return counts, where


def _library_files():
    return sorted(p for p in LIB.rglob("*.py"))


def _cited_labels():
    """label → ["mlp_lib/file.py:line", ...] for every label mlp_lib mentions."""
    cited = {}
    for path in _library_files():
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for label in re.findall(LABEL, line):
                cited.setdefault(label, []).append(f"{path.relative_to(ROOT)}:{lineno}")
    return cited


def _code_citations(path):
    """[(label, line, enclosing function)] for labels cited in a trailing comment on a
    line of code that lies inside a function body (docstrings and comment-only lines
    do not count: the citation must sit on the line that implements the equation)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    functions = []  # (first body line, last line, qualified name)

    def visit(node, prefix=""):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                body = child.body
                if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                        and isinstance(body[0].value.value, str) and len(body) > 1):
                    body = body[1:]  # skip the docstring
                functions.append((body[0].lineno, child.end_lineno, prefix + child.name))
                visit(child, prefix + child.name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(tree)
    code_lines = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                            tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER):
            code_lines.add(tok.start[0])
    found = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type != tokenize.COMMENT or tok.start[0] not in code_lines:
            continue
        line = tok.start[0]
        enclosing = [f for f in functions if f[0] <= line <= f[1]]
        if not enclosing:
            continue
        innermost = max(enclosing, key=lambda f: f[0])  # the latest-starting range is the innermost
        for label in re.findall(LABEL, tok.string):
            found.append((label, line, innermost[2]))
    return found


def test_the_book_and_the_library_mention_equations():
    """Guard against the patterns silently matching nothing."""
    counts, _ = _defined_labels()
    assert "eq-z1" in counts, "no $$ ... $$ (eq-z1) found in book/: has the label syntax changed?"
    assert "eq-z1" in _cited_labels()


def test_every_label_cited_in_mlp_lib_is_defined_in_the_book():
    counts, _ = _defined_labels()
    missing = {label: places for label, places in _cited_labels().items() if label not in counts}
    assert not missing, (
        "mlp_lib cites equation labels that no chapter or lab in _toc.yml defines (a typo, "
        "or a chapter not written or not listed yet):\n" + "\n".join(f"  {label}: cited at {', '.join(places)}"
                                          for label, places in sorted(missing.items())))


@pytest.mark.parametrize("label", SEED_EQUATIONS)
def test_each_source_equation_is_implemented_by_a_function(label):
    citations = [(f"{path.relative_to(ROOT)}:{line}", func)
                 for path in _library_files()
                 for lab, line, func in _code_citations(path) if lab == label]
    assert citations, (
        f"No line of code in mlp_lib cites {label} in a trailing comment inside a function. "
        f"The line that implements it should end with `# {label}: ...`.")


def test_every_eq_reference_in_the_book_points_at_a_label():
    counts, _ = _defined_labels()
    dangling = []
    for name, text in _book_texts():
        for label in EQ_REFERENCE.findall(text):
            if label not in counts:
                dangling.append(f"  {name}: {{eq}}`{label}`")
    assert not dangling, "references to equation labels that are not defined:\n" + "\n".join(dangling)


def test_no_label_is_defined_twice():
    counts, where = _defined_labels()
    twice = {label: where[label] for label, n in counts.items() if n > 1}
    assert not twice, "labels are global across the book; defined more than once: " + str(twice)
