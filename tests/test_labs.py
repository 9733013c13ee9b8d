"""The committed labs: executed top to bottom, portable, and paired with chapters."""
import json
import re

import pytest
import yaml

from conftest import BOOK, ROOT

LABS = sorted(BOOK.glob("*.ipynb"))


def _code_cells(path):
    nb = json.loads(path.read_text())
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_labs():
    assert LABS, "no notebooks found in book/"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_is_committed_executed_in_order(lab):
    counts = [c["execution_count"] for c in _code_cells(lab)]
    assert None not in counts, f"{lab.name}: some cells were never run (nbval would skip them)"
    assert counts == list(range(1, len(counts) + 1)), (
        f"{lab.name}: execution counts {counts} are not 1..n; restart the kernel and run all")
    for c in _code_cells(lab):
        errors = [o for o in c["outputs"] if o["output_type"] == "error"]
        assert not errors, f"{lab.name}: a committed cell shows an error: {errors[0]['ename']}"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_outputs_are_portable(lab):
    text = lab.read_text()
    for pattern in (r"/work/", r"/home/", r"/root/", r"/tmp/", r"site-packages", r"0x[0-9a-f]{6,}"):
        assert not re.search(pattern, text), f"{lab.name} contains {pattern!r} in its outputs"
    for c in _code_cells(lab):
        for o in c["outputs"]:
            assert o.get("name") != "stderr", f"{lab.name}: a cell writes to stderr (a warning?)"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_prints_the_library_version(lab):
    first = "".join(_code_cells(lab)[0]["outputs"][0].get("text", ""))
    import mlp_lib
    assert first.startswith(f"mlp_lib {mlp_lib.__version__}"), (
        f"{lab.name} was executed with another mlp_lib version; re-execute it")


def test_toc_alternates_chapters_and_labs():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())

    def flatten(entries):
        for e in entries:
            yield e["file"]
            yield from flatten(e.get("sections", []))

    files = [f for part in toc["parts"] for f in flatten(part["chapters"])]
    for f in files:
        assert (ROOT / f).with_suffix(".md").exists() or (ROOT / f).with_suffix(".ipynb").exists(), f
    labs = [f for f in files if (ROOT / f).with_suffix(".ipynb").exists()]
    assert sorted(f"book/{p.stem}" for p in LABS) == sorted(labs), "every lab must be in _toc.yml"
    for lab in labs:
        chapter = lab.replace("-lab", "")
        i = files.index(lab)
        assert files[i - 1] == chapter, f"{lab} must directly follow its chapter {chapter}"
