"""pydeep.random (Keras 3's keras.random) and pydeep.utils.set_random_seed:
distributions, seeds, reproducibility, thread-count independence, dropout,
shuffle and bad input."""
import math
import random as py_random

import numpy as np
import pytest

import pydeep
from pydeep import _core
from pydeep import random as R
from pydeep.utils import get_random_seed, set_random_seed


_erf = np.frompyfunc(math.erf, 1, 1)


def normal_cdf(x):
    return 0.5 * (1.0 + np.asarray(_erf(np.asarray(x) / math.sqrt(2.0)), dtype=np.float64))


def ks_statistic(samples, cdf):
    """Kolmogorov-Smirnov distance between the samples and a CDF."""
    x = np.sort(np.asarray(samples, dtype=np.float64).ravel())
    f = cdf(x)
    n = x.size
    return max((np.arange(1, n + 1) / n - f).max(), (f - np.arange(n) / n).max())


def ks_ok(samples, cdf):
    # 1.95 / sqrt(n) is the KS critical value for p = 0.001.
    return ks_statistic(samples, cdf) < 1.95 / math.sqrt(np.size(samples))


@pytest.fixture
def restore_threads():
    n = pydeep.config.get_num_threads()
    yield
    pydeep.config.set_num_threads(n)


def test_uniform():
    x = np.asarray(R.uniform((400, 500), minval=-2.0, maxval=3.0, seed=1))
    assert x.dtype == np.float32 and x.shape == (400, 500)
    assert x.min() >= -2.0 and x.max() < 3.0
    assert ks_ok((x + 2.0) / 5.0, lambda u: np.clip(u, 0.0, 1.0))
    assert R.uniform((3,), dtype="float64", seed=1).dtype == "float32"  # pydeep computes in float32


def test_normal():
    x = np.asarray(R.normal((400, 500), mean=1.0, stddev=2.0, seed=2), dtype=np.float64)
    assert x.mean() == pytest.approx(1.0, abs=0.02) and x.std() == pytest.approx(2.0, rel=0.01)
    assert ks_ok((x[:100] - 1.0) / 2.0, normal_cdf)


def test_truncated_normal_bounds_and_distribution():
    x = np.asarray(R.truncated_normal((400, 500), mean=-1.0, stddev=0.5, seed=3), dtype=np.float64)
    assert x.min() > -2.0 and x.max() < 0.0  # strictly within 2 stddev
    lo, hi = normal_cdf(-2.0), normal_cdf(2.0)
    assert ks_ok((x[:100] + 1.0) / 0.5, lambda z: (normal_cdf(z) - lo) / (hi - lo))
    assert x.std() == pytest.approx(0.5 * 0.87962566103423978, rel=0.01)


def test_zero_size_and_scalar_shapes():
    assert R.normal((0, 3), seed=1).shape == (0, 3)
    assert R.uniform((), seed=1).shape == ()


@pytest.mark.parametrize("fn", [R.normal, R.uniform, R.truncated_normal])
def test_seed_semantics(fn):
    shape = (50,)
    assert np.array_equal(np.asarray(fn(shape, seed=7)), np.asarray(fn(shape, seed=7)))
    assert not np.array_equal(np.asarray(fn(shape, seed=7)), np.asarray(fn(shape, seed=8)))
    assert not np.array_equal(np.asarray(fn(shape)), np.asarray(fn(shape)))
    gen, twin = R.SeedGenerator(4), R.SeedGenerator(4)
    a, b = np.asarray(fn(shape, seed=gen)), np.asarray(fn(shape, seed=gen))
    assert not np.array_equal(a, b)
    assert np.array_equal(np.asarray(fn(shape, seed=twin)), a)
    assert np.array_equal(np.asarray(fn(shape, seed=twin)), b)


def test_large_and_negative_integer_seeds():
    for seed in (0, -1, 2**63, 2**64 - 1, 10**30):
        assert np.array_equal(np.asarray(R.normal((4,), seed=seed)),
                              np.asarray(R.normal((4,), seed=seed)))
    assert np.array_equal(np.asarray(R.normal((4,), seed=-1)),
                          np.asarray(R.normal((4,), seed=2**64 - 1)))


def test_set_random_seed_reproduces_a_run():
    def run():
        return [np.asarray(R.normal((5,))), np.asarray(R.uniform((5,))),
                np.asarray(R.dropout(np.ones((20,), np.float32), 0.5)),
                np.asarray(R.shuffle(np.arange(10))), np.asarray(R.SeedGenerator().state),
                np.random.rand(3), py_random.random()]
    set_random_seed(2024)
    assert get_random_seed() == 2024
    first = run()
    set_random_seed(2024)
    second = run()
    set_random_seed(2025)
    third = run()
    for a, b, c in zip(first, second, third):
        assert np.array_equal(a, b)
    assert not np.array_equal(first[0], third[0])


def test_set_random_seed_rejects_non_integers():
    for bad in (1.5, "3", None, True):
        with pytest.raises(ValueError, match="seed"):
            set_random_seed(bad)


@pytest.mark.parametrize("name", ["random_uniform", "random_normal", "truncated_normal",
                                  "dropout_mask"])
def test_same_bits_for_any_thread_count(name, restore_threads):
    shape = [513, 257]  # odd sizes, above every kernel's single-thread grain
    fn = getattr(_core, name)
    args = (0.25, 99) if name == "dropout_mask" else (0.5, 2.0, 99)
    pydeep.config.set_num_threads(1)
    one = np.asarray(fn(shape, *args))
    for threads in (2, 3, 4):
        pydeep.config.set_num_threads(threads)
        assert np.array_equal(np.asarray(fn(shape, *args)), one)


def test_elements_depend_only_on_seed_and_index():
    # A longer tensor with the same seed starts with the same values.
    a = np.asarray(_core.random_normal([1001], 0.0, 1.0, 5))
    b = np.asarray(_core.random_normal([37], 0.0, 1.0, 5))
    assert np.array_equal(a[:37], b)


@pytest.mark.parametrize("rate", [0.1, 0.5, 0.8])
def test_dropout_rate_and_scale(rate):
    x = np.full((500, 400), 2.0, np.float32)
    y = np.asarray(R.dropout(x, rate, seed=6))
    dropped = (y == 0).mean()
    assert dropped == pytest.approx(rate, abs=4 * np.sqrt(rate * (1 - rate) / y.size))
    np.testing.assert_allclose(y[y != 0], 2.0 / (1 - rate), rtol=1e-6)
    assert y.mean() == pytest.approx(2.0, rel=0.02)


def test_dropout_mask_unscaled_and_edge_rates():
    m = np.asarray(_core.dropout_mask([1000], 0.3, 1, False))
    assert set(np.unique(m)) <= {0.0, 1.0}
    assert not np.asarray(_core.dropout_mask([100], 1.0, 1, True)).any()
    assert np.asarray(_core.dropout_mask([100], 0.0, 1, False)).all()
    x = np.arange(6, dtype=np.float32)
    assert np.array_equal(np.asarray(R.dropout(x, 0.0)), x)
    assert not np.asarray(R.dropout(x, 1.0)).any()


def test_dropout_noise_shape_broadcasts():
    x = np.ones((8, 5, 6), np.float32)
    y = np.asarray(R.dropout(x, 0.5, noise_shape=(None, 1, 6), seed=2))
    assert y.shape == x.shape
    assert (y == y[:, :1, :]).all()  # one mask row shared along axis 1


def test_dropout_gradient_is_the_mask():
    x = pydeep.Variable(np.ones((50, 20), np.float32))
    with pydeep.GradientTape() as tape:
        y = R.dropout(x, 0.4, seed=3)
        loss = pydeep.ops.sum(y)
    g = np.asarray(tape.gradient(loss, x))
    np.testing.assert_allclose(g, np.asarray(y))


def test_shuffle():
    x = np.arange(40, dtype=np.float32).reshape(10, 4)
    y = np.asarray(R.shuffle(x, seed=5))
    assert sorted(y[:, 0].tolist()) == x[:, 0].tolist()
    np.testing.assert_array_equal(y - y[:, :1], x - x[:, :1])  # rows move whole
    assert np.array_equal(np.asarray(R.shuffle(x, seed=5)), y)
    z = np.asarray(R.shuffle(x, axis=1, seed=5))
    perm = z[0].astype(int)  # x[0] is 0..3, so row 0 of z is the permutation
    assert sorted(perm.tolist()) == [0, 1, 2, 3]
    np.testing.assert_array_equal(z, x[:, perm])


def test_permutation_is_uniform():
    # Position of each element over many seeds: chi-square against uniform.
    n, trials = 6, 6000
    counts = np.zeros((n, n))
    for seed in range(trials):
        perm = np.asarray(_core.random_permutation(n, seed))
        counts[np.arange(n), perm] += 1
    assert sorted(np.asarray(_core.random_permutation(1000, 1)).tolist()) == list(range(1000))
    expected = trials / n
    chi2 = ((counts - expected) ** 2 / expected).sum()
    assert chi2 < 70  # 25 degrees of freedom: p < 1e-4


def test_seed_generator_api():
    gen = R.SeedGenerator(seed=10, name="gen")
    assert gen.get_config() == {"seed": 10, "name": "gen"}
    assert R.SeedGenerator.from_config(gen.get_config()).get_config() == gen.get_config()
    first = gen.next()
    assert np.asarray(gen.state).tolist() == [10, 1]
    assert gen.next() != first
    with pytest.raises(ValueError, match="seed"):
        R.SeedGenerator(seed=1.5)
    with pytest.raises(ValueError, match="Unrecognized"):
        R.SeedGenerator(foo=1)


@pytest.mark.parametrize("call,error,pattern", [
    (lambda: R.normal((2,), seed="abc"), ValueError, "seed"),
    (lambda: R.normal((2, -1)), ValueError, "non-negative"),
    (lambda: R.normal((2.5,)), ValueError, "shape"),
    (lambda: R.normal((2,), stddev=-1.0), ValueError, "stddev"),
    (lambda: R.uniform((2,), minval=1.0, maxval=0.0), ValueError, "maxval"),
    (lambda: R.uniform((2,), dtype="int32"), ValueError, "floating"),
    (lambda: R.truncated_normal((2,), mean=float("nan")), ValueError, "mean"),
    (lambda: R.dropout(np.ones(3), 1.5), ValueError, "rate"),
    (lambda: R.dropout(np.ones((2, 3)), 0.5, noise_shape=(2,)), ValueError, "noise_shape"),
    (lambda: _core.dropout_mask([3], -0.1, 1, True), ValueError, "rate"),
    (lambda: R.shuffle(np.float32(1.0)), ValueError, "rank"),
    (lambda: R.shuffle(np.ones((2, 3)), axis=2), ValueError, "axis"),
    (lambda: _core.random_permutation(-1, 0), ValueError, "n"),
    (lambda: R.randint((2,), 0, 5), NotImplementedError, "randint"),
])
def test_bad_input(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
