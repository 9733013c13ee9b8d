"""How a learner's function is checked, and how the result is shown.

``check(exercise_id, learner_fn)`` runs the learner's function on a few seeded
test cases and, for the first case that goes wrong, explains what is wrong, in
this order:

1. it is not implemented yet, or it raised an error (type, message, and the line
   of *your* code where it happened);
2. it returned the wrong kind of thing (None, a list, a tuple of the wrong length);
3. an output has the wrong shape or holds NaN;
4. an output equals one of the exercise's planted mistakes (wrong sign, missing
   σ′, a transpose, ...): you get that mistake's explanation;
5. otherwise: the relative error of each output, with the book's thresholds.

The learner's function never sees the arrays the checker compares with: every
call gets freshly built inputs. Nothing in a report is solution code.
"""
import difflib
import html
import inspect
import linecache
import os
import re
import sysconfig
import types
import warnings
from dataclasses import dataclass

import numpy as np

from ..gradcheck import THRESHOLD_OK, THRESHOLD_WRONG, relative_error
from .cases import shape_text
from .registry import EXERCISES, OutputList

MATCH = 1e-6
"""A learner's output "is" a planted mistake if it agrees with it this closely
(and much more closely than the mistake agrees with the right answer)."""


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` returns. ``passed`` and ``message`` are what tests use;
    a notebook shows it as a box with a green or red header."""

    exercise_id: str
    passed: bool
    headline: str
    details: tuple = ()

    @property
    def message(self):
        return "\n".join((self.headline, *self.details))

    def __str__(self):
        return self.message

    __repr__ = __str__

    def __bool__(self):
        return self.passed

    def _repr_html_(self):
        colour = "#1a7f37" if self.passed else "#b42318"
        body = "".join(
            f'<p style="margin:0.3em 0;white-space:pre-wrap">{_html_text(d)}</p>' for d in self.details
        )
        return (
            f'<div class="mlp-check" style="border:1px solid {colour};border-radius:6px;'
            f'margin:0.5em 0;overflow:hidden">'
            f'<div style="background:{colour};color:#fff;padding:0.35em 0.8em;font-weight:600">'
            f"{_html_text(self.headline)}</div>"
            f'<div style="padding:0.4em 0.8em">{body}</div></div>'
        )


def _html_text(text):
    """Escape text for HTML and show `backticked` words as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


class _Problem(Exception):
    """A message about what the learner's function returned (not a checker error)."""


# ---------------------------------------------------------------------------
# the entry point
# ---------------------------------------------------------------------------
def check(exercise_id, learner_fn):
    """Check ``learner_fn`` against exercise ``exercise_id``; never raises.

    Returns a CheckResult with ``.passed`` (bool) and ``.message`` (str).
    """
    try:
        return _check(exercise_id, learner_fn)
    except Exception as exc:  # the checker must never stop a learner's notebook
        return CheckResult(
            str(exercise_id)[:40], False,
            "✗ The checker could not finish",
            (f"The checker itself hit a {type(exc).__name__} while looking at your function's "
             f"result. Your function probably returns something unusual; look at what it "
             f"returns, and please report this to the course maintainers.",),
        )


def _check(exercise_id, fn):
    if callable(exercise_id) and isinstance(fn, str):
        return CheckResult(fn[:40], False, "✗ Arguments swapped", (
            f"Give the exercise id first and your function second: `check(\"{fn[:40]}\", your_function)`.",))
    if not isinstance(exercise_id, str) or exercise_id not in EXERCISES:
        return _unknown_id(exercise_id)
    ex = EXERCISES[exercise_id]
    fail = lambda reason, *details: CheckResult(ex.id, False, f"✗ {ex.id}: {reason}", details)

    if not callable(fn):
        hint = (" It looks like the result of calling your function: pass the function "
                "itself, without parentheses." if isinstance(fn, (np.ndarray, tuple, list)) else "")
        return fail("this is not a function",
                    f"`check(\"{ex.id}\", ...)` needs your function `{ex.function_name}` as its "
                    f"second argument; it got {_a(type(fn).__name__)}.{hint}")

    problem = _signature_problem(ex, fn)
    if problem:
        return fail("wrong number of arguments", problem)

    notes = []
    for number, seed in enumerate(ex.seeds, start=1):
        outcome = _check_case(ex, fn, seed, notes)
        if outcome is not None:
            reason, details = outcome
            if reason != "not implemented yet":
                details = (f"Test case {number} of {len(ex.seeds)}: "
                           f"{ex.describe(ex.make_args(seed))}.", *details)
            return fail(reason, *details, *_unique(notes))
    outputs = ", ".join(o.name for o in _specs(ex))
    return CheckResult(ex.id, True, f"✓ {ex.id}: passed", (
        f"Your `{ex.function_name}` agrees with the reference on all {len(ex.seeds)} test cases "
        f"(relative error below {_sci(THRESHOLD_OK)} for {outputs}).", *_unique(notes)))


def _unknown_id(exercise_id):
    shown = repr(exercise_id) if isinstance(exercise_id, str) else _a(type(exercise_id).__name__)
    close = difflib.get_close_matches(exercise_id, list(EXERCISES), n=1) if isinstance(exercise_id, str) else []
    hint = f' Did you mean "{close[0]}"?' if close else ""
    return CheckResult(str(exercise_id)[:40], False, "✗ Unknown exercise id", (
        f"There is no exercise {shown[:60]}.{hint} Valid ids: {', '.join(EXERCISES)}.",))


def _signature_problem(ex, fn):
    """A message if fn cannot be called with the exercise's arguments, else None."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):  # builtins and some callables have no signature
        return None
    try:
        signature.bind(*ex.make_args(ex.seeds[0]))
    except TypeError:
        yours = ", ".join(signature.parameters)
        return (f"`{ex.function_name}` takes {len(ex.parameters)} arguments "
                f"({', '.join(ex.parameters)}), but your function's parameters are ({yours}).")
    return None


# ---------------------------------------------------------------------------
# one test case
# ---------------------------------------------------------------------------
def _check_case(ex, fn, seed, notes):
    """None if the learner's function is right on this case, else (reason, details)."""
    args = ex.make_args(seed)          # the learner's copy
    before = ex.make_args(seed)        # untouched, to see what the learner changed
    reference_args = ex.make_args(seed)
    expected = _structure(ex, _collect(ex, ex.reference(*reference_args), reference_args))

    returned, exc, caught = _call(fn, args)
    if exc is not None:
        return _exception_report(ex, fn, exc, before)
    warned = [f"Your function also issued a warning: {w}" for w in caught[:1]]

    problems = []
    if ex.inspect_args is not None:
        problem = ex.inspect_args(before, args)
        if problem:
            problems.append(problem)
    if ex.read_only:
        notes.extend(_changed_inputs_notes(ex, before, args))

    value = _collect(ex, returned, args)
    if value is None:
        return "it returned None", (_none_message(ex, expected), *problems, *warned)
    if isinstance(value, types.GeneratorType):
        return "it returned a generator", (
            f"Your function returned a generator: is there a `yield` where `return` belongs? "
            f"{_what_to_return(ex, expected)}", *problems, *warned)
    try:
        got = _learner_structure(ex, value, expected)
    except _Problem as p:
        hint = ex.extra.get("return_hint")
        return "it returned the wrong kind of value", (str(p), *([hint] if hint else []), *problems, *warned)

    lines = _compare_outputs(ex, seed, got, expected)
    if lines or problems:
        reason = "not passed yet"
        return reason, (*problems, *lines, *warned)
    return None


def _call(fn, args):
    """Call the learner's function; return (value, exception, warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = fn(*args)
        except (Exception, SystemExit) as exc:
            return None, exc, []
    return value, None, [f"{w.category.__name__}: {w.message}" for w in caught]


def _collect(ex, returned, args):
    return ex.collect(returned, args) if ex.collect is not None else returned


# ---------------------------------------------------------------------------
# exceptions raised by the learner's code
# ---------------------------------------------------------------------------
def _exception_report(ex, fn, exc, inputs):
    if isinstance(exc, NotImplementedError):
        return "not implemented yet", (
            f"Your `{ex.function_name}` still raises NotImplementedError. Replace the "
            f"`raise NotImplementedError(...)` line with your code, run that cell, then run "
            f"this check again.",)
    details = [f"Your function raised {type(exc).__name__}: {_safe_str(exc)}"]
    where = _where(exc, fn)
    if where:
        details.append(where)
    details.append("Its inputs were: " + ", ".join(
        f"{name} {shape_text(value)}" for name, value in zip(ex.parameters, inputs)) + ".")
    if isinstance(exc, ValueError) and re.search(r"matmul|shapes .* not aligned|broadcast", _safe_str(exc)):
        details.append("Write down the shape of each factor: for a matrix product the inner "
                       "sizes must agree, and the result must have the shape the equation says.")
    return f"your code raised {type(exc).__name__}", tuple(details)


def _safe_str(exc):
    try:
        text = str(exc)
    except Exception:
        text = ""
    text = " ".join(text.split())
    return text[:300] + (" ..." if len(text) > 300 else "") if text else "(no message)"


def _where(exc, fn):
    """'It happened at line N of f: <source>' for the deepest frame in the learner's code."""
    target = getattr(getattr(fn, "__code__", None), "co_filename", None)
    found, tb = None, exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        mine = code.co_filename == target if target else not _is_library(code.co_filename)
        if mine:
            found = (code, tb.tb_lineno)
        tb = tb.tb_next
    if found is None:
        return None
    code, lineno = found
    line = lineno - code.co_firstlineno + 1
    source = linecache.getline(code.co_filename, lineno).strip()
    text = (f"It happened in a lambda" if code.co_name == "<lambda>" else
            f"It happened at line {line} of {code.co_name} (its `def` line is line 1)")
    return f"{text}: `{source}`" if source else text + "."


def _library_dirs():
    dirs = {os.path.dirname(os.path.dirname(os.path.abspath(__file__))), os.path.dirname(np.__file__)}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            dirs.add(path)
    return tuple(sorted(dirs))


_LIBRARY_DIRS = _library_dirs()


def _is_library(filename):
    return filename.startswith("<frozen") or os.path.abspath(filename).startswith(_LIBRARY_DIRS)


# ---------------------------------------------------------------------------
# the shape of what is returned
# ---------------------------------------------------------------------------
def _specs(ex):
    return ex.returns if isinstance(ex.returns, tuple) else (ex.returns,)


def _structure(ex, value):
    """The trusted value as a list of (label, spec, array)."""
    specs = _specs(ex)
    parts = value if isinstance(ex.returns, tuple) else (value,)
    out = []
    for spec, part in zip(specs, parts):
        if isinstance(spec, OutputList):
            out.extend((f"{spec.name}[{i}]", spec, a) for i, a in enumerate(part))
        else:
            out.append((spec.name, spec, part))
    return out


def _learner_structure(ex, value, expected):
    """The learner's value laid out like ``expected``; raises _Problem if it cannot be."""
    specs = _specs(ex)
    if isinstance(ex.returns, tuple):
        names = ", ".join(s.name for s in specs)
        if not isinstance(value, (tuple, list)):
            raise _Problem(f"Your function returned {_kind(value)}, but it should return "
                           f"{len(specs)} values: ({names}). {_what_to_return(ex, expected)}")
        if len(value) != len(specs):
            raise _Problem(f"Your function returned {len(value)} values, but it should return "
                           f"{len(specs)}: ({names}). {_what_to_return(ex, expected)}")
        parts = tuple(value)
    else:
        parts = (value,)
    out = []
    for spec, part in zip(specs, parts):
        if isinstance(spec, OutputList):
            n = sum(1 for _, s, _ in expected if s is spec)
            if not isinstance(part, (list, tuple)):
                raise _Problem(f"{spec.name} should be a list of {n} arrays, one per layer like "
                               f"{spec.like} ({spec.eq}); your function gave {_kind(part)}.")
            if len(part) != n:
                entries = "entry" if len(part) == 1 else "entries"
                raise _Problem(f"{spec.name} has {len(part)} {entries}, but the network has {n} "
                               f"layers: it needs one array per layer, like {spec.like} ({spec.eq}).")
            out.extend((f"{spec.name}[{i}]", spec, a) for i, a in enumerate(part))
        else:
            out.append((spec.name, spec, part))
    return out


def _kind(value):
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"one array of shape {value.shape}"
    if isinstance(value, (np.generic, int, float)):
        return f"a single number ({type(value).__name__})"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    return _a(type(value).__name__)


def _what_to_return(ex, expected):
    if ex.extra.get("return_hint"):
        return ex.extra["return_hint"]
    parts = []
    for spec in _specs(ex):
        shapes = [a.shape for _, s, a in expected if s is spec]
        if isinstance(spec, OutputList):
            parts.append(f"{spec.name}, a list of {len(shapes)} arrays shaped like {spec.like}")
        else:
            parts.append(f"{spec.name}, an array of shape {shapes[0]} like {spec.like}")
    eqs = ", ".join(dict.fromkeys(s.eq for s in _specs(ex)))
    return f"It should return {' and '.join(parts)} ({eqs})."


def _none_message(ex, expected):
    return (f"Your function returned None. A function without a `return` statement (or a stub "
            f"that only says `pass`) returns None. {_what_to_return(ex, expected)}")


# ---------------------------------------------------------------------------
# comparing the outputs
# ---------------------------------------------------------------------------
def _compare_outputs(ex, seed, got, expected):
    """Report lines for every output that is not right (empty list: all right)."""
    wrong, right, lines = [], [], []
    for (label, spec, value), (_, _, want) in zip(got, expected):
        problem = _type_problem(label, spec, value, want)
        if problem:
            lines.append(problem)
        elif _agrees(value, want):
            right.append(label)
        else:
            wrong.append(label)
    if not wrong and not lines:
        return []
    got_arrays = {label: value for label, _, value in got}
    expected_arrays = {label: value for label, _, value in expected}
    spec_of = {label: spec for label, spec, _ in expected}
    explained = _explain_with_mistakes(ex, seed, wrong, got_arrays, expected_arrays, spec_of)
    for labels, text in explained:
        lines.append(text)
        wrong = [w for w in wrong if w not in labels]
    for label in wrong:
        lines.append(_fallback(label, spec_of[label], got_arrays[label], expected_arrays[label]))
    if right and (lines or wrong):
        lines.append(f"Right: {_join(right)}.")
    return lines


def _type_problem(label, spec, value, want):
    """A message if ``value`` is not a finite numeric array (shape is checked later)."""
    shape = f"an array of shape {want.shape} like {spec.like} ({spec.eq})"
    if value is None:
        return f"{label} is None: it is missing. It should be {shape}."
    if isinstance(value, types.GeneratorType):
        return f"{label} is a generator (a `yield` where `return` belongs?). It should be {shape}."
    if isinstance(value, (np.generic, int, float, complex)) and not isinstance(value, np.ndarray):
        return (f"{label} is a single number ({type(value).__name__}), but it should be {shape}, "
                f"with one entry for every entry of {spec.like}.")
    if not isinstance(value, np.ndarray):
        values_right = ""
        if isinstance(value, (list, tuple)):
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    as_array = np.asarray(value, dtype=float)
                if _agrees(as_array, want):
                    values_right = " Its numbers are right; only the type is wrong."
            except Exception:
                pass
        return (f"{label} is {_a(type(value).__name__)}, not a NumPy array. It should be {shape}."
                f"{values_right} Use NumPy operations on arrays (they return arrays).")
    if value.dtype == object:
        return f"{label} is an array of Python objects, not of numbers. It should be {shape}."
    if np.issubdtype(value.dtype, np.complexfloating):
        return f"{label} holds complex numbers. It should be {shape} of real numbers."
    if not np.issubdtype(value.dtype, np.number):
        return f"{label} holds {value.dtype} values, not numbers. It should be {shape}."
    if value.shape == want.shape and not np.all(np.isfinite(value)):
        bad = int(np.size(value) - np.count_nonzero(np.isfinite(value)))
        return (f"{label} contains NaN or infinity ({bad} of its {value.size} entries). Something "
                f"overflowed or divided by zero: print the intermediate arrays to find where.")
    return None


def _agrees(value, want):
    return value.shape == want.shape and _rel(value, want) < THRESHOLD_OK


def _rel(a, b):
    """relative_error, made safe for any numeric arrays (NaN or overflow -> inf)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            r = relative_error(a, b)
        except (TypeError, ValueError, OverflowError):
            return float("inf")
    return r if np.isfinite(r) else float("inf")


def _close_to(value, variant, want):
    """True if ``value`` is ``variant`` and ``variant`` is clearly not ``want``."""
    if value.shape != variant.shape:
        return False
    apart = _rel(variant, want) if variant.shape == want.shape else 1.0
    return apart >= THRESHOLD_OK and _rel(value, variant) < min(MATCH, 0.01 * apart)


def _variants(ex, seed):
    """For each planted mistake: {label: what that mistake would return}."""
    out = []
    for mistake in ex.mistakes:
        args = ex.make_args(seed)
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                value = _collect(ex, mistake.implementation(*args), args)
            arrays = {label: np.asarray(a, dtype=float) for label, _, a in _structure(ex, value)}
        except Exception:
            continue  # a mistake that makes no sense for this case (e.g. a shape error)
        out.append((mistake, arrays))
    return out


def _explain_with_mistakes(ex, seed, wrong, got, expected, spec_of):
    """[(labels, explanation)] for wrong outputs that equal a planted mistake.

    First a mistake that explains the whole result at once (every output equals
    what that mistake gives); otherwise, output by output, the first mistake in
    the exercise's table that matches; then the generic ones (transpose, ...).
    """
    candidates = list(wrong)   # all numeric arrays (_type_problem let them through)
    if not candidates:
        return []
    variants = _variants(ex, seed)

    def applies(mistake, label):
        return not mistake.applies_to or spec_of[label].name in mistake.applies_to

    for mistake, arrays in variants:   # one mistake explains everything
        differs = [lab for lab in expected if lab in arrays and not _agrees(arrays[lab], expected[lab])]
        if (differs and set(differs) == set(candidates)
                and all(applies(mistake, lab) for lab in differs)
                and all(_close_to(np.asarray(got[lab], dtype=float), arrays[lab], expected[lab])
                        for lab in differs)):
            return [(differs, _format(mistake.explanation, differs, spec_of, expected))]

    found = {}   # mistake name -> (mistake, [labels])
    generic = []
    for label in candidates:
        value = np.asarray(got[label], dtype=float)
        for mistake, arrays in variants:
            if applies(mistake, label) and label in arrays and _close_to(value, arrays[label], expected[label]):
                found.setdefault(mistake.name, (mistake, []))[1].append(label)
                break
        else:
            text = _generic_mistake(label, spec_of[label], value, expected[label])
            if text:
                generic.append(([label], text))
    explained = [(labels, _format(m.explanation, labels, spec_of, expected)) for m, labels in found.values()]
    return explained + generic


def _format(explanation, labels, spec_of, expected):
    spec = spec_of[labels[0]]
    first = expected[labels[0]]
    fields = {"{name}": _join(labels), "{like}": spec.like, "{eq}": spec.eq, "{shape}": str(first.shape)}
    for field, value in fields.items():
        explanation = explanation.replace(field, value)
    return explanation


def _join(labels):
    labels = list(labels)
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _generic_mistake(label, spec, value, want):
    """Mistakes any array can have: transposed, flattened, an extra axis, zeros, a factor."""
    shapes = f"{label}: expected shape {want.shape} (like {spec.like}), got {value.shape}"
    if want.ndim == 2 and value.shape == want.T.shape and value.shape != want.shape:
        if _rel(value, want.T) < MATCH:
            return (f"{shapes}: it is transposed. Check the order of the factors and which one "
                    f"is transposed in {spec.eq}.")
        return (f"{shapes}, the transposed shape, and its values are wrong too. Check the order "
                f"of the factors and which one is transposed in {spec.eq}.")
    if value.size == want.size and value.shape != want.shape and _rel(value.reshape(want.shape), want) < MATCH:
        return (f"{shapes}. The numbers are right, only the shape is not: keep the shape of "
                f"{spec.like}, with no flattening and no extra axis of length 1 ({spec.eq}).")
    if value.shape != want.shape:
        return None  # reported by _fallback
    if not np.any(value) and np.any(want):
        return (f"{label} is all zeros: it was never computed, or was computed into an array "
                f"that was then thrown away. See {spec.eq}.")
    with np.errstate(all="ignore"):
        factor = float(np.vdot(value, want) / np.vdot(want, want))
    if np.isfinite(factor) and factor != 0 and _rel(value, factor * want) < MATCH:
        if abs(factor + 1) < 1e-6:
            return f"{label} has the wrong sign: it is exactly −1 times the right value ({spec.eq})."
        return (f"{label} is {factor:.4g} times the right value: a constant factor is off. "
                f"Look for a missing or extra factor in {spec.eq} (1/N, ½, 2, the learning rate ...).")
    return None


def _fallback(label, spec, value, want):
    """Shape message, or the relative error with the book's thresholds."""
    if value.shape != want.shape:
        return f"{label}: expected shape {want.shape} (like {spec.like}), got {value.shape}. See {spec.eq}."
    error = _rel(value, want)
    with np.errstate(all="ignore"):
        worst = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(value - want)), want.shape))
    where = f" The largest difference is at index {worst}." if want.ndim else ""
    if error < THRESHOLD_WRONG:
        return (f"{label}: relative error {error:.1e}, close but not exact (the book's threshold "
                f"is {_sci(THRESHOLD_OK)}). Is something computed in float32, or a step size "
                f"or a constant slightly off?{where}")
    return (f"{label}: relative error {error:.1e} (above {_sci(THRESHOLD_WRONG)}: wrong). None of the "
            f"typical mistakes matches; go through {spec.eq} again, factor by factor.{where}")


def _changed_inputs_notes(ex, before, after):
    changed = [name for name, a, b in zip(ex.parameters, before, after) if not _same(a, b)]
    if not changed:
        return []
    return [f"Note: your function changed its input {_join(changed)} in place. The caller may "
            f"still need it: compute new arrays instead of overwriting the inputs."]


def _same(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    if isinstance(a, (list, tuple)):
        return (isinstance(b, (list, tuple)) and len(a) == len(b)
                and all(_same(x, y) for x, y in zip(a, b)))
    return True


def _sci(x):
    """1e-07 -> 1e-7."""
    mantissa, exponent = f"{x:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def _a(word):
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _unique(items):
    return list(dict.fromkeys(items))
