"""Self-assessment: fill-in exercises, checkers that diagnose mistakes, student notebooks.

Use in a lab::

    from mlp_lib.exercises import check
    check("output-delta", output_delta)     # a report: passed, or what is wrong

- ``EXERCISES``: the registry, ``id -> Exercise`` (title, lab, signature, blank,
  reference, ``checker(fn)``).
- ``check(exercise_id, learner_fn)``: a ``CheckResult`` with ``.passed`` and
  ``.message``; a notebook shows it with a green or red header. It never raises.
- ``reference(exercise_id)``: the implementation the checker trusts.
- ``write_student_notebooks(book_dir, out_dir)``, or on the command line
  ``python -m mlp_lib.exercises student OUT_DIR [--book DIR]``.

Master-lab format
-----------------
For an exercise with id EX, a master lab in book/ holds these cells, in order:

1. Markdown: the task, as a sphinx-exercise directive labelled ``ex-EX``, with the
   blank (``EXERCISES["EX"].blank``) inside it as a python code block. Use four
   backticks for the outer fence so the inner code block can use three::

       ````{exercise} <Title>
       :label: ex-EX
       <task text, citing equations like {eq}`eq-dz2`>

       ```python
       <the blank: signature, docstring, raise NotImplementedError(...)>
       ```
       ````

2. Markdown, alone in its cell::

       ```{solution-start} ex-EX
       :class: dropdown
       ```

3. Code: the complete function. Its body sits between two marker lines, written
   exactly like this and indented like the body::

       # BEGIN SOLUTION
       ...
       # END SOLUTION

   (Optional: more Markdown or code cells explaining the solution. They are part
   of the solution: the student version drops them.)

4. Markdown, alone in its cell::

       ```{solution-end}
       ```

5. Code: ``check("EX", function_name)``; its committed output shows the passed report.

The site shows the exercise, then the solution collapsed (a dropdown), then the
check. The student version (``student.py``) replaces each marked body with
``raise NotImplementedError("Exercise EX: ...")``, removes cells 2 and 4 and
anything between them except the stubbed code cell, clears outputs, and adds a
header cell. No line of a solution may appear anywhere else in the lab (the
generator refuses). Cells after an exercise must not call the learner's
function (use mlp_lib's own), so that a student notebook runs top to bottom.

Adding exercises
----------------
Write a module in this package (see ``descent.py`` for a short one) that builds
``Exercise`` objects, each with a reference, seeded test inputs and a table of
``Mistake``s (deliberately wrong implementations with an explanation citing the
book's equation label), and passes them to ``register``. Then add the module's
name to ``_EXERCISE_MODULES`` below.
"""
from importlib import import_module
from pathlib import Path

from .checking import CheckResult, check
from .registry import EXERCISES, Exercise, Mistake, Output, OutputList, reference, register
from .student import BEGIN, END, make_student_notebook, write_student_notebooks

BOOK_DIR = Path(__file__).resolve().parents[2] / "book"
"""The book's folder in this repository (the parent of mlp_lib/ is the repository root)."""

_EXERCISE_MODULES = ["backprop", "numerical", "descent", "gap"]

for _name in _EXERCISE_MODULES:
    import_module(f"{__name__}.{_name}")

__all__ = ["EXERCISES", "check", "reference", "CheckResult", "Exercise", "Mistake", "Output",
           "OutputList", "register", "write_student_notebooks", "make_student_notebook",
           "BEGIN", "END", "BOOK_DIR"]
