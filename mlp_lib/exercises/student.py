"""Student notebooks: a master lab with every solution replaced by a stub.

The master-lab format is described in ``mlp_lib/exercises/__init__.py``. For each
lab in book/ that has exercises, the student version

- replaces every solution body (the lines from ``# BEGIN SOLUTION`` to
  ``# END SOLUTION``) by ``raise NotImplementedError("Exercise <id>: ...")``,
  indented like the markers;
- drops the ``{solution-start}`` / ``{solution-end}`` cells and every other cell
  between them (a student notebook holds no solution, not even its prose);
- turns each ``{exercise}`` directive into plain Markdown, since JupyterLab does
  not render MyST directives, and writes roles like {eq}`eq-dz2` as the label;
- keeps the check cells, clears all outputs and execution counts, and adds a
  short header cell explaining the workflow (right after the title cell).

It refuses (ValueError) a master lab whose markers are malformed, and a student
notebook in which any line of a solution would still appear.
"""
import re
from pathlib import Path


from .registry import EXERCISES, stub_line

BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"
SUFFIX = "-student.ipynb"

_MARKER_LIKE = re.compile(r"#\s*(BEGIN|END)\s+SOLUTION", re.IGNORECASE)
_FENCE_OPEN = r"^(?P<fence>`{3,}|:{3,})\{%s\}[ \t]*(?P<arg>.*)$"
_SOLUTION_START = re.compile(_FENCE_OPEN % "solution-start", re.MULTILINE)
_SOLUTION_END = re.compile(_FENCE_OPEN % "solution-end", re.MULTILINE)
_EXERCISE = re.compile(_FENCE_OPEN % "exercise", re.MULTILINE)
_ROLE = re.compile(r"\{(?:eq|ref|numref|doc|term)\}`([^`]*)`")

HEADER = """\
**Student version** of the lab `{name}`, made by `python -m mlp_lib.exercises student`.

How to work through it:

1. Run the whole notebook from the top first (*Run → Run All Cells*): every cell runs,
   and each check cell answers "not implemented yet".
2. In each exercise, the function ends in `raise NotImplementedError(...)`. Replace that
   line with your code and run the cell.
3. Run the `check(...)` cell below it. It tests your function on random inputs and tells
   you what is wrong (a shape, a sign, a missing factor) without showing the answer.
   Repeat until it says **passed**.

The solutions are in the online book, hidden under each exercise. Labels such as
`eq-dz2` name the book's equations.
"""


class MasterLabError(ValueError):
    """A master lab that does not follow the format (the message says where)."""


def has_exercises(nb):
    """True if a notebook contains solution markers or gated solutions."""
    return any(BEGIN in c.source if c.cell_type == "code" else bool(_SOLUTION_START.search(c.source))
               for c in nb.cells)


def make_student_notebook(nb, name="lab"):
    """The student version of the master lab ``nb`` (a new notebook; nb is untouched)."""
    import nbformat  # here, not at the top: it takes a second to import
    student = nbformat.v4.new_notebook(metadata=nb.metadata.copy())
    solution_lines, exercise_id = [], None
    for number, cell in enumerate(nb.cells, start=1):
        where = f"{name}, cell {number}"
        if cell.cell_type == "markdown":
            start, end = _SOLUTION_START.search(cell.source), _SOLUTION_END.search(cell.source)
            if start:
                if exercise_id is not None:
                    raise MasterLabError(f"{where}: a {{solution-start}} inside the solution of ex-{exercise_id}")
                _only_directive(cell.source, start, where, "solution-start")
                exercise_id = start.group("arg").strip().removeprefix("ex-")
            elif end:
                if exercise_id is None:
                    raise MasterLabError(f"{where}: {{solution-end}} without a {{solution-start}} before it")
                _only_directive(cell.source, end, where, "solution-end")
                exercise_id = None
            elif exercise_id is None:
                student.cells.append(_markdown(_plain_markdown(cell.source)))
            continue   # cells inside a solution are solution: never copied
        if cell.cell_type != "code":
            if exercise_id is None:
                student.cells.append(nbformat.from_dict(dict(cell)))
            continue
        has_marker = bool(_MARKER_LIKE.search(cell.source))
        if exercise_id is None:
            if has_marker:
                raise MasterLabError(f"{where}: solution markers outside a {{solution-start}}/"
                                     f"{{solution-end}} block (the site would show the solution)")
            student.cells.append(_cleared(cell.source, cell))
        elif has_marker:
            if exercise_id not in EXERCISES:
                raise MasterLabError(f"{where}: exercise id {exercise_id!r} (from the "
                                     f"{{solution-start}} label) is not in mlp_lib.exercises.EXERCISES")
            source, hidden = _stub(cell.source, exercise_id, where)
            solution_lines += hidden
            student.cells.append(_cleared(source, cell))
    if exercise_id is not None:
        raise MasterLabError(f"{name}: the solution of ex-{exercise_id} has no {{solution-end}}")
    titled = bool(student.cells) and student.cells[0].cell_type == "markdown" \
        and student.cells[0].source.startswith("# ")
    student.cells.insert(1 if titled else 0, _markdown(HEADER.format(name=name)))   # after the title
    _refuse_leaks(student, solution_lines, name)
    return student


def write_student_notebooks(book_dir, out_dir):
    """Write ``<lab>-student.ipynb`` to out_dir for every lab in book_dir with exercises.

    Returns the paths written, sorted by lab name.
    """
    import nbformat  # here, not at the top: it takes a second to import
    book_dir, out_dir = Path(book_dir), Path(out_dir)
    if not book_dir.is_dir():
        raise FileNotFoundError(f"book folder {book_dir} does not exist")
    written = []
    for path in sorted(book_dir.glob("*.ipynb")):
        if path.name.endswith(SUFFIX):
            continue
        nb = nbformat.read(path, as_version=4)
        if not has_exercises(nb):
            continue
        student = make_student_notebook(nb, path.name)
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / (path.stem + SUFFIX)
        nbformat.write(student, target)
        written.append(target)
    return written


# ---------------------------------------------------------------------------
def _only_directive(source, match, where, directive):
    rest = (source[:match.start()] + source[match.end():]).strip()
    rest = re.sub(r"^:\w[\w-]*:.*$", "", rest, flags=re.MULTILINE).strip()   # its options
    if rest.strip("`:").strip():
        raise MasterLabError(f"{where}: put the {{{directive}}} directive in a Markdown cell of its own")


def _stub(source, exercise_id, where):
    """(source with each marked body replaced by the stub line, the hidden lines)."""
    out, hidden, inside = [], [], False
    for line in source.splitlines():
        text = line.strip()
        if _MARKER_LIKE.search(text) and text not in (BEGIN, END):
            raise MasterLabError(f"{where}: write the markers exactly as {BEGIN!r} and {END!r}, "
                                 f"each on a line of its own; found {text!r}")
        if text == BEGIN:
            if inside:
                raise MasterLabError(f"{where}: {BEGIN!r} twice without {END!r} in between")
            inside = True
            out.append(line[:len(line) - len(line.lstrip())] + stub_line(exercise_id))
        elif text == END:
            if not inside:
                raise MasterLabError(f"{where}: {END!r} without {BEGIN!r} before it")
            inside = False
        elif inside:
            hidden.append(line)
        else:
            out.append(line)
    if inside:
        raise MasterLabError(f"{where}: {BEGIN!r} without a matching {END!r}")
    return "\n".join(out), hidden


def _refuse_leaks(student, solution_lines, name):
    texts = [(i, c.source) for i, c in enumerate(student.cells)]
    for line in solution_lines:
        line = line.strip()
        for i, text in texts:
            if line and line in text:
                raise MasterLabError(
                    f"{name}: the solution line {line!r} also appears outside the solution "
                    f"(student cell {i}); rephrase that cell so the student notebook does not "
                    f"give the answer away")


def _cleared(source, cell):
    import nbformat
    new = nbformat.v4.new_code_cell(source)
    new.metadata = {k: v for k, v in cell.metadata.items() if k not in ("execution", "scrolled", "collapsed")}
    return new


def _markdown(source):
    import nbformat
    return nbformat.v4.new_markdown_cell(source)


def _plain_markdown(source):
    """Exercise directives as plain Markdown, and MyST roles as their target text."""
    source = _plain_exercises(source)
    return _ROLE.sub(lambda m: re.sub(r"^(.*?)\s*<(.*)>$", r"\1", m.group(1)) or m.group(1), source)


def _plain_exercises(source):
    lines, out, i = source.split("\n"), [], 0
    while i < len(lines):
        m = _EXERCISE.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        fence, title = m.group("fence"), m.group("arg").strip()
        i += 1
        while i < len(lines) and re.match(r"^:\w[\w-]*:", lines[i]):
            i += 1   # options such as :label:
        body = []
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i])
            i += 1
        i += 1       # the closing fence
        text = "\n".join(body)
        blank = re.compile(r"^(`{3,})[^\n]*\n.*?^\1[ \t]*$", re.DOTALL | re.MULTILINE)
        had_blank = any("NotImplementedError" in b.group(0) for b in blank.finditer(text))
        text = blank.sub(lambda b: "" if "NotImplementedError" in b.group(0) else b.group(0), text)
        out.append(f"**Exercise: {title}**" if title else "**Exercise**")
        out.append("")
        out.append(re.sub(r"\n{3,}", "\n\n", text).strip())
        if had_blank:
            out += ["", "*Write your code in the function of the next cell, in place of its "
                        "`raise NotImplementedError(...)` line; then run the check below it.*"]
    return "\n".join(out)
