"""Real 8x8 handwritten digits, offline: scikit-learn's copy of the UCI optical digits.

1,797 grayscale images of the digits 0-9 (about 180 per class) ship inside
scikit-learn, so this loader needs no download; scikit-learn is pydeep's
optional ``examples`` extra.
"""
import numpy as np


def _load_sklearn_digits():
    try:
        from sklearn.datasets import load_digits
    except ImportError as e:
        raise ImportError('pydeep.datasets.digits needs scikit-learn, which ships the digits: '
                          'pip install "pydeep[examples]" (or pip install scikit-learn)') from e
    return load_digits()


def load_data(test_split=0.2, seed=0):
    """Returns ``(x_train, y_train), (x_test, y_test)`` from the 8x8 digits.

    Args:
        test_split: the fraction of the 1,797 images held out for testing, in
            [0, 1); the test set has ``int(1797 * test_split)`` images.
        seed: seed of the shuffle before the split (``np.random.default_rng``).

    Returns:
        x arrays of shape (n, 8, 8), float32 in [0, 1] (the original 0..16
        intensities divided by 16); y arrays of shape (n,), int64 labels 0..9.
        Flatten with ``x.reshape(len(x), 64)`` for a dense network, add a
        channel axis with ``x[..., None]`` for Conv2D.
    """
    if not 0 <= test_split < 1:
        raise ValueError("digits.load_data: expected test_split in [0, 1); "
                         f"received test_split={test_split}.")
    digits = _load_sklearn_digits()
    x = (digits.images / 16.0).astype(np.float32)
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(x))
    x, y = x[order], y[order]
    n_test = int(len(x) * test_split)
    return (x[n_test:], y[n_test:]), (x[:n_test], y[:n_test])
