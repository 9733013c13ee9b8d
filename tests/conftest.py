import os
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


def pytest_configure(config):
    # Offline data: use the shared copy of scikit-learn's cache when it sits beside the repo.
    shared = ROOT.parent / "shared" / "scikit_learn_data"
    if "SCIKIT_LEARN_DATA" not in os.environ and shared.is_dir():
        os.environ["SCIKIT_LEARN_DATA"] = str(shared)
