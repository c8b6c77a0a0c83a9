"""Boston housing prices: 506 suburbs, 13 attributes, median home value (StatLib).

The data set includes an attribute ("B") built on an assumption about racial
self-segregation; like Keras, we keep it loadable for comparison with published
results but recommend other data sets for new work.
"""
import numpy as np

from . import _files
from ._formats import load_npz

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILES = {"boston_housing.npz": (
    ORIGIN + "boston_housing.npz",
    "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5")}


def load_data(path="boston_housing.npz", test_split=0.2, seed=113, cache_dir=None):
    """Loads the data as Keras's ``keras.datasets.boston_housing.load_data`` does.

    Args:
        path: the file's name in the cache folder (or an absolute path).
        test_split: the fraction of samples kept for the test set, in [0, 1).
        seed: seed of the shuffle before the split (``np.random.RandomState``,
            so the split equals Keras's for the same seed).
        cache_dir: the cache folder; defaults to ``$PYDEEP_DATASETS`` or
            ``~/.pydeep/datasets``.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: float64 arrays (n, 13) and
        (n,), targets in thousands of dollars.
    """
    if not 0 <= test_split < 1:
        raise ValueError("boston_housing.load_data: expected test_split in [0, 1); "
                         f"received test_split={test_split}.")
    url, sha256 = FILES["boston_housing.npz"]
    local = _files.get_file(path, url, sha256, "boston_housing.load_data", cache=cache_dir)
    f = load_npz(local, ("x", "y"))
    x, y = f["x"], f["y"]
    order = np.arange(len(x))
    np.random.RandomState(seed).shuffle(order)
    x, y = x[order], y[order]
    n_train = int(len(x) * (1 - test_split))
    return (x[:n_train], y[:n_train]), (x[n_train:], y[n_train:])
