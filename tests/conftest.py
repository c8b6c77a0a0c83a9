import numpy as np
import pytest


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


@pytest.fixture
def keras():
    """Keras 3 on the torch backend, or a clean skip where it is not installed."""
    import os

    os.environ.setdefault("KERAS_BACKEND", "torch")
    pytest.importorskip("torch")
    return pytest.importorskip("keras")


def subprocess_env(**extra):
    """An environment in which a child Python imports the same pydeep as this
    test run (the installed package in CI, the dev tree with PYTHONPATH)."""
    import os

    import pydeep

    root = os.path.dirname(os.path.dirname(os.path.abspath(pydeep.__file__)))
    return dict(os.environ, PYTHONPATH=root, **extra)
