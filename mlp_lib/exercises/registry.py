"""The exercise registry: what an exercise is, and the table of all of them.

An exercise is plain data: the function the learner writes, how to make test
inputs for it, the reference implementation the checker trusts, and a table of
typical mistakes. Each mistake is itself a small *wrong* implementation with the
learner's signature, plus an explanation. The checker (``checking.py``) runs the
learner's function, the reference and every mistake on the same inputs and
compares: if the learner's answer equals a mistake's answer, the learner gets
that mistake's explanation.

To add exercises, write a module like ``backprop.py`` that calls ``register``
for each one, and list the module in ``mlp_lib/exercises/__init__.py``.
"""
from dataclasses import dataclass, field
from typing import Callable, Optional

EXERCISES = {}
"""Every exercise, keyed by its id (for example ``"output-delta"``)."""


@dataclass(frozen=True)
class Output:
    """One array the learner returns.

    name: how the book calls it (``"dW2"``); like: the array it must be shaped
    like (``"W2"``); eq: the book equation that defines it (``"eq-dW2"``).
    """

    name: str
    like: str
    eq: str


@dataclass(frozen=True)
class OutputList:
    """A list of arrays, one per layer: ``dW`` is shaped like ``weights``.

    Its entries are compared one by one and reported as ``dW[0]``, ``dW[1]``, ...
    """

    name: str
    like: str
    eq: str


@dataclass(frozen=True)
class Mistake:
    """A typical mistake, planted on purpose.

    implementation: a wrong version of the exercise's function (same arguments),
        or a helper that builds the wrong answer from the reference.
    explanation: what went wrong and how to think about the fix, citing the book
        equation. Never solution code. ``{name}`` becomes the output's name
        (for example ``dW2`` or ``dW[0] and dW[1]``); ``{like}``, ``{eq}`` and
        ``{shape}`` (the expected shape) are filled in too. Other braces stay as
        they are, so ``A_{l−1}`` is safe.
    applies_to: names of the outputs (``Output.name``) this explanation is about;
        empty means every output.
    """

    name: str
    implementation: Callable
    explanation: str
    applies_to: tuple = ()


@dataclass(frozen=True)
class Exercise:
    """One fill-in exercise of a lab.

    id:            registry key, also the sphinx-exercise label ``ex-<id>``.
    title:         the exercise's title in the book.
    lab:           the book lab it belongs to (``"03-backprop-lab"``).
    function_name: what the learner's function is called (``"output_delta"``).
    parameters:    its parameter names, in order.
    returns:       an ``Output``, an ``OutputList``, or a tuple of them.
    doc:           the docstring of the blank the learner fills in.
    reference:     the implementation the checker trusts.
    make_args:     seed -> a fresh tuple of arguments (new arrays every call).
    describe:      args -> a short description of a test case, for the report.
    mistakes:      the table of typical mistakes, most specific first.
    seeds:         one test case per seed.
    collect:       optional (returned value, arguments after the call) -> the value
                   to compare. Used when the learner may update arguments in place.
    inspect_args:  optional (arguments before, arguments after) -> a problem
                   message or None, for exercises with rules about their inputs.
    read_only:     True if the function should leave its inputs unchanged; the
                   report then adds a note when it does not.
    """

    id: str
    title: str
    lab: str
    function_name: str
    parameters: tuple
    returns: object
    doc: str
    reference: Callable
    make_args: Callable
    describe: Callable
    mistakes: tuple = ()
    seeds: tuple = (0, 1, 2)
    collect: Optional[Callable] = None
    inspect_args: Optional[Callable] = None
    read_only: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def signature(self):
        """For example ``output_delta(dY, Z2, sigma_prime) -> dZ2``."""
        outs = self.returns if isinstance(self.returns, tuple) else (self.returns,)
        names = ", ".join(o.name for o in outs)
        returned = f"({names})" if len(outs) > 1 else names
        return f"{self.function_name}({', '.join(self.parameters)}) -> {returned}"

    @property
    def blank(self):
        """The blank a learner fills in: signature, docstring, ``raise NotImplementedError``."""
        doc = "\n".join(f"    {line}" if line.strip() else "" for line in self.doc.strip().splitlines())[4:]
        return (f"def {self.function_name}({', '.join(self.parameters)}):\n"
                f'    """{doc}\n    """\n'
                f"    {stub_line(self.id)}\n")

    def checker(self, learner_fn):
        """Check ``learner_fn`` against this exercise; same as ``check(self.id, learner_fn)``."""
        from .checking import check
        return check(self.id, learner_fn)


def stub_line(exercise_id):
    """The line that stands in for a solution in the blank and in student notebooks."""
    return f'raise NotImplementedError("Exercise {exercise_id}: your code here")'


def register(exercise):
    """Add an exercise to ``EXERCISES``. Ids must be unique."""
    if exercise.id in EXERCISES:
        raise ValueError(f"exercise id {exercise.id!r} is registered twice")
    EXERCISES[exercise.id] = exercise
    return exercise


def reference(exercise_id):
    """The implementation the checker trusts for ``exercise_id``."""
    if exercise_id not in EXERCISES:
        raise KeyError(f"unknown exercise id {exercise_id!r}; valid ids: {', '.join(EXERCISES)}")
    return EXERCISES[exercise_id].reference
