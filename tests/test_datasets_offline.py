"""pydeep.datasets.digits (scikit-learn's bundled digits) and pydeep.datasets.synthetic."""
import sys

import numpy as np
import pytest

from pydeep.datasets import digits, synthetic


def test_digits_split_shapes_values_and_determinism():
    sk = pytest.importorskip("sklearn.datasets")
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    assert x_train.shape == (1438, 8, 8) and x_test.shape == (359, 8, 8)
    assert x_train.dtype == np.float32 and y_train.dtype == np.int64
    assert x_train.min() == 0.0 and x_train.max() == 1.0
    # Every image is one of scikit-learn's, scaled by 1/16, and none is in both splits.
    reference = sk.load_digits()
    lookup = {img.astype(np.float32).tobytes(): t for img, t in
              zip(reference.images / 16.0, reference.target)}
    assert all(lookup[img.tobytes()] == label for img, label in zip(x_test, y_test))
    assert np.bincount(np.concatenate([y_train, y_test])).tolist() == \
        np.bincount(reference.target).tolist()
    again = digits.load_data()
    np.testing.assert_array_equal(again[1][0], x_test)
    other = digits.load_data(test_split=0.5, seed=1)
    assert len(other[1][0]) == 898 and not np.array_equal(other[1][1][:50], y_test[:50])
    with pytest.raises(ValueError, match="test_split=1.5"):
        digits.load_data(test_split=1.5)


def test_digits_without_sklearn_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ImportError, match=r'pydeep\[examples\]'):
        digits.load_data()


def test_sequence_tasks():
    x, y = synthetic.sequence_sum(50, length=7, seed=1)
    assert x.shape == (50, 7, 1) and y.shape == (50, 1) and x.dtype == y.dtype == np.float32
    np.testing.assert_allclose(y[:, 0], [sum(float(v) for v in row) for row in x[:, :, 0]],
                               rtol=1e-6)
    bits, labels = synthetic.parity(64, length=5, seed=2)
    assert bits.shape == (64, 5, 1) and set(np.unique(bits)) <= {0.0, 1.0}
    assert labels.tolist() == [int(sum(row)) % 2 for row in bits[:, :, 0].astype(int).tolist()]
    assert 0.3 < labels.mean() < 0.7
    np.testing.assert_array_equal(synthetic.parity(64, 5, seed=2)[0], bits)


def test_token_tasks():
    x, y = synthetic.token_classification(40, length=9, vocab_size=6, seed=3)
    assert x.shape == y.shape == (40, 9) and x.dtype == np.int64
    assert x.min() >= 1 and x.max() <= 5
    for row, labels in zip(x.tolist(), y.tolist()):
        assert labels == [int(t in row[:i]) for i, t in enumerate(row)]
    x, y = synthetic.token_sentiment(200, max_length=15, vocab_size=30, min_length=3, seed=4)
    assert x.shape == (200, 15) and y.shape == (200,)
    for row, label in zip(x.tolist(), y.tolist()):
        length = sum(1 for t in row if t)
        assert 3 <= length <= 15 and all(t == 0 for t in row[length:])  # padding at the end
        positive = sum(1 for t in row if 1 <= t <= 9)
        negative = sum(1 for t in row if 10 <= t <= 19)
        assert positive != negative and label == int(positive > negative)
    assert 0.3 < y.mean() < 0.7
    with pytest.raises(ValueError, match=r"vocab_size >= 21.*vocab_size=10"):
        synthetic.token_sentiment(5, vocab_size=10)
    with pytest.raises(ValueError, match=r"positive integer.*length=0"):
        synthetic.token_classification(5, length=0)


def test_two_dimensional_tasks():
    x, y = synthetic.two_moons(400, noise=0.0, seed=5)
    assert x.shape == (400, 2) and y.dtype == np.int64 and y.sum() == 200
    np.testing.assert_allclose(np.hypot(*x[y == 0].T), 1.0, rtol=1e-5)  # upper arc: unit circle
    np.testing.assert_allclose(np.hypot(x[y == 1, 0] - 1, x[y == 1, 1] - 0.5), 1.0, rtol=1e-5)
    x, component = synthetic.gaussian_mixture_2d(4000, n_components=4, radius=3.0, std=0.05,
                                                 seed=6)
    centres = np.array([[3, 0], [0, 3], [-3, 0], [0, -3]], dtype=np.float64)
    np.testing.assert_allclose(np.std(x - centres[component], axis=0), 0.05, rtol=0.1)
    assert np.bincount(component).min() > 900


def test_community_graph():
    adjacency, features, labels = synthetic.community_graph(
        n_nodes=400, n_communities=4, p_in=0.1, p_out=0.01, n_features=8, seed=7)
    assert adjacency.shape == (400, 400) and features.shape == (400, 8)
    np.testing.assert_array_equal(adjacency, adjacency.T)
    assert np.all(np.diag(adjacency) == 0) and set(np.unique(adjacency)) == {0.0, 1.0}
    same = labels[:, None] == labels[None, :]
    off_diagonal = ~np.eye(400, dtype=bool)
    assert abs(adjacency[same & off_diagonal].mean() - 0.1) < 0.01
    assert abs(adjacency[~same].mean() - 0.01) < 0.003
    # Features are noisy: the class means are recoverable, single nodes are not.
    means = np.stack([features[labels == c].mean(0) for c in range(4)])
    assert np.all(np.abs(np.abs(means) - 1) < 0.5)
    with pytest.raises(ValueError, match=r"p_in in \[0, 1\].*p_in=2"):
        synthetic.community_graph(p_in=2)
