"""Student notebooks: made from a master lab, they hold no solution and run top to bottom."""
import ast
import runpy
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import BOOK, ROOT
from mlp_lib.exercises import BEGIN, END, make_student_notebook, write_student_notebooks
from mlp_lib.exercises.registry import stub_line
from mlp_lib.exercises.student import MasterLabError

FIXTURES = ROOT / "tests" / "fixtures"
MASTER = FIXTURES / "master-lab.ipynb"


def _solution_lines(nb):
    """Every non-blank line between the markers, in every code cell."""
    lines = []
    for cell in nb.cells:
        inside = False
        for line in cell.source.splitlines() if cell.cell_type == "code" else []:
            if line.strip() == BEGIN:
                inside = True
            elif line.strip() == END:
                inside = False
            elif inside and line.strip():
                lines.append(line.strip())
    return lines


def _all_text(nb):
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        for out in cell.get("outputs", []):
            parts.append(str(out))
    return "\n".join(parts)


def _check_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("check(")]


@pytest.fixture(scope="module")
def student_path(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    written = write_student_notebooks(FIXTURES, out)
    assert [p.name for p in written] == ["master-lab-student.ipynb"]
    return written[0]


@pytest.fixture(scope="module")
def master():
    return nbformat.read(MASTER, as_version=4)


@pytest.fixture(scope="module")
def student(student_path):
    return nbformat.read(student_path, as_version=4)


def test_master_fixture_is_executed_and_its_checks_pass(master):
    assert len(_solution_lines(master)) >= 3
    checks = _check_cells(master)
    assert len(checks) == 2
    for cell in checks:
        text = cell.outputs[0]["data"]["text/plain"]
        assert "passed" in text and "✓" in text
        assert "#1a7f37" in cell.outputs[0]["data"]["text/html"]


def test_student_notebook_has_no_solution_code(master, student):
    text = _all_text(student)
    for line in _solution_lines(master):
        assert line not in text, f"solution line {line!r} leaked into the student notebook"
    for marker in (BEGIN, END, "{solution-start}", "{solution-end}", "{exercise}", ":label:"):
        assert marker not in text
    assert "The product is elementwise" not in text  # prose inside the solution block goes too


def test_student_notebook_has_no_outputs(student):
    nbformat.validate(student)
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert "execution" not in cell.metadata


def test_student_notebook_keeps_checks_stubs_and_adds_a_header(master, student):
    assert student.cells[0].source.startswith("# Fixture")
    assert "Student version" in student.cells[1].source
    assert [c.source for c in _check_cells(student)] == [c.source for c in _check_cells(master)]
    stubs = [c for c in student.cells if c.cell_type == "code" and "NotImplementedError" in c.source]
    assert len(stubs) == 2
    for cell, ex_id in zip(stubs, ["mse-gradient", "output-delta"]):
        ast.parse(cell.source)
        assert f"    {stub_line(ex_id)}" in cell.source.splitlines()
    assert "**Exercise: The gradient of the mean squared error**" in _all_text(student)
    assert "{eq}" not in _all_text(student) and "eq-dL-dy" in _all_text(student)


def test_master_notebook_is_left_untouched(master):
    before = nbformat.writes(master)
    make_student_notebook(master, "master-lab.ipynb")
    assert nbformat.writes(master) == before


def _texts(cell):
    """What nbval compares: stream text and text/plain, text/html of each output."""
    out = []
    for o in cell.outputs:
        if o.output_type == "stream":
            out.append(o.text)
        elif "data" in o:
            out.append({k: v for k, v in o.data.items() if k in ("text/plain", "text/html")})
        else:
            out.append(o.output_type)
    return out


def test_student_notebook_runs_and_master_reproduces_its_outputs(master, student):
    """One kernel (cwd book/): the student notebook first, as a learner would run it, then,
    after %reset, the master lab's code cells, whose outputs must equal the committed ones."""
    master_code = [c for c in master.cells if c.cell_type == "code"]
    fresh_master = [nbformat.v4.new_code_cell(c.source) for c in master_code]
    combined = nbformat.v4.new_notebook(metadata=student.metadata)
    combined.cells = [*student.cells, nbformat.v4.new_code_cell("%reset -f"), *fresh_master]
    NotebookClient(combined, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(BOOK)}}).execute()  # raises if a cell fails

    ran = combined.cells[:len(student.cells)]
    checks = [c for c in ran if c.cell_type == "code" and c.source.startswith("check(")]
    assert len(checks) == 2
    for cell in checks:
        assert "not implemented yet" in cell.outputs[0]["data"]["text/plain"]
    first_code = next(c for c in ran if c.cell_type == "code")
    assert first_code.outputs[0]["text"].startswith("mlp_lib ")

    for committed, fresh in zip(master_code, fresh_master):
        assert _texts(fresh) == _texts(committed), committed.source


def test_command_line_writes_student_notebooks(tmp_path, monkeypatch, capsys):
    """`python -m mlp_lib.exercises student OUT --book DIR` (run in-process: no second interpreter)."""
    out = tmp_path / "out"
    monkeypatch.setattr(sys, "argv", ["mlp_lib.exercises", "student", str(out), "--book", str(FIXTURES)])
    with pytest.raises(SystemExit) as done:
        runpy.run_module("mlp_lib.exercises", run_name="__main__")
    assert done.value.code == 0
    assert (out / "master-lab-student.ipynb").exists()
    assert "wrote" in capsys.readouterr().out


def test_book_labs_make_clean_student_notebooks(tmp_path):
    """Whatever labs in book/ have exercises: the generator accepts them and nothing leaks."""
    for path in write_student_notebooks(BOOK, tmp_path):
        lab = nbformat.read(BOOK / path.name.replace("-student", ""), as_version=4)
        text = _all_text(nbformat.read(path, as_version=4))
        for line in _solution_lines(lab):
            assert line not in text, f"{path.name}: {line!r}"


# ---------------------------------------------------------------------------
# malformed master labs are refused with a message saying where
# ---------------------------------------------------------------------------
def _lab(*cells):
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        nb.cells.append(nbformat.v4.new_markdown_cell(source) if kind == "md"
                        else nbformat.v4.new_code_cell(source))
    return nb


START = ("md", "```{solution-start} ex-mse-gradient\n:class: dropdown\n```")
STOP = ("md", "```{solution-end}\n```")
SOLUTION = ("code", "def mse_gradient(Y, T):\n    # BEGIN SOLUTION\n    return (Y - T) / len(Y)\n    # END SOLUTION")


@pytest.mark.parametrize("cells, phrase", [
    ([START, ("code", "def f(Y, T):\n    # BEGIN SOLUTION\n    return Y")], "without a matching"),
    ([START, ("code", "def f(Y, T):\n    return Y\n    # END SOLUTION"), STOP], "without '# BEGIN SOLUTION'"),
    ([SOLUTION], "outside a {solution-start}"),
    ([START, SOLUTION], "has no {solution-end}"),
    ([STOP], "without a {solution-start}"),
    ([START, ("code", "def f(Y):\n    #BEGIN SOLUTION\n    return Y\n    # END SOLUTION"), STOP], "exactly"),
    ([START, SOLUTION, STOP, ("code", "print(1)\nreturn (Y - T) / len(Y)")], "also appears outside"),
    ([("md", "```{solution-start} ex-no-such-exercise\n```"), SOLUTION, STOP], "not in mlp_lib.exercises"),
    ([("md", "Some text\n```{solution-start} ex-mse-gradient\n```"), SOLUTION, STOP], "a Markdown cell of its own"),
])
def test_malformed_master_lab_is_refused(cells, phrase):
    with pytest.raises(MasterLabError, match=None) as info:
        make_student_notebook(_lab(*cells), "bad-lab.ipynb")
    assert phrase in str(info.value) and "bad-lab.ipynb" in str(info.value)


def test_well_formed_minimal_lab(tmp_path):
    nb = make_student_notebook(_lab(START, SOLUTION, STOP, ("code", 'check("mse-gradient", mse_gradient)')))
    sources = [c.source for c in nb.cells]
    assert "Student version" in sources[0]   # no title cell: the header comes first
    assert sources[1] == f"def mse_gradient(Y, T):\n    {stub_line('mse-gradient')}"
    assert sources[2] == 'check("mse-gradient", mse_gradient)'
