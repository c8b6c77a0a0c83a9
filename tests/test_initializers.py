"""pydeep.initializers against Keras 3's formulas (keras/src/initializers):
value statistics, fans, exact constants, orthogonality, seeds, thread-count
independence, configs and bad input."""
import math
import os

import numpy as np
import pytest

import pydeep
from pydeep import _core
from pydeep import initializers as I
from pydeep.utils import set_random_seed


def fans(shape):
    """compute_fans, written out from Keras's documentation."""
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return shape[-2] * receptive, shape[-1] * receptive


@pytest.fixture(scope="module")
def keras():
    os.environ.setdefault("KERAS_BACKEND", "torch")
    return pytest.importorskip("keras")


@pytest.fixture
def restore_threads():
    n = pydeep.config.get_num_threads()
    yield
    pydeep.config.set_num_threads(n)


SHAPES = [(400, 600), (3, 3, 64, 96)]
# (class, scale, mode, distribution) of the VarianceScaling family.
VARIANCE_SCALING = [
    (I.GlorotUniform, 1.0, "fan_avg", "uniform"),
    (I.GlorotNormal, 1.0, "fan_avg", "truncated_normal"),
    (I.HeUniform, 2.0, "fan_in", "uniform"),
    (I.HeNormal, 2.0, "fan_in", "truncated_normal"),
    (I.LecunUniform, 1.0, "fan_in", "uniform"),
    (I.LecunNormal, 1.0, "fan_in", "truncated_normal"),
    (lambda seed: I.VarianceScaling(0.5, "fan_out", "untruncated_normal", seed), 0.5, "fan_out",
     "untruncated_normal"),
    (lambda seed: I.VarianceScaling(3.0, "fan_avg", "uniform", seed), 3.0, "fan_avg", "uniform"),
]


def check_variance_scaling(values, shape, scale, mode, distribution):
    fan_in, fan_out = fans(shape)
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    target_std = math.sqrt(scale / max(1.0, n))
    assert abs(values.mean()) < 0.02 * target_std
    assert values.std() == pytest.approx(target_std, rel=0.02)
    if distribution == "uniform":
        limit = math.sqrt(3 * scale / max(1.0, n))
        assert values.min() >= -limit and values.max() <= limit
        assert values.max() > 0.999 * limit and values.min() < -0.999 * limit
    elif distribution == "truncated_normal":
        bound = 2 * target_std / 0.87962566103423978
        assert np.abs(values).max() < bound and np.abs(values).max() > 0.99 * bound
    else:
        assert np.abs(values).max() > 3.5 * target_std  # tails are not cut


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("make,scale,mode,distribution", VARIANCE_SCALING)
def test_variance_scaling_family_statistics(make, scale, mode, distribution, shape):
    values = np.asarray(make(seed=11)(shape))
    assert values.shape == shape and values.dtype == np.float32
    check_variance_scaling(values, shape, scale, mode, distribution)


@pytest.mark.parametrize("shape", [(), (7,), (5, 9), (3, 5, 7), (2, 3, 4, 5), (1, 2, 3, 4, 6)])
def test_fans_match_keras_formula(shape):
    assert _core.compute_fans(list(shape)) == fans(shape)


def test_fans_with_axes_and_against_keras(keras):
    from keras.src.initializers.random_initializers import compute_fans
    for shape in [(), (7,), (5, 9), (3, 3, 16, 32), (2, 3, 4, 5, 6)]:
        assert _core.compute_fans(list(shape)) == compute_fans(shape)
    shape = (4, 5, 6, 7)
    assert _core.compute_fans(list(shape), [0, -1], [1]) == compute_fans(shape, [0, -1], [1])
    # Axis lists change the scale: fan_in = 4 * 7, fan_out = 5.
    values = np.asarray(I.HeUniform(seed=1, input_axes=[0, -1], output_axes=[1])(shape))
    assert np.abs(values).max() <= math.sqrt(6 / 28) and np.abs(values).max() > 0.99 * math.sqrt(6 / 28)


@pytest.mark.parametrize("make,mean,std,low,high", [
    (lambda: I.RandomUniform(-1.0, 3.0, seed=2), 1.0, 4 / math.sqrt(12), -1.0, 3.0),
    (lambda: I.RandomUniform(seed=2), 0.0, 0.1 / math.sqrt(12), -0.05, 0.05),
    (lambda: I.RandomNormal(1.0, 2.0, seed=2), 1.0, 2.0, None, None),
    (lambda: I.RandomNormal(seed=2), 0.0, 0.05, None, None),
    (lambda: I.TruncatedNormal(1.0, 2.0, seed=2), 1.0, 2.0 * 0.87962566103423978, -3.0, 5.0),
])
def test_random_distributions(make, mean, std, low, high):
    values = np.asarray(make()((500, 400)), dtype=np.float64)
    assert values.mean() == pytest.approx(mean, abs=0.01 * std)
    assert values.std() == pytest.approx(std, rel=0.01)
    if low is not None:
        assert values.min() >= low and values.max() < high


def test_constant_initializers_exact():
    np.testing.assert_array_equal(np.asarray(I.Zeros()((2, 3))), np.zeros((2, 3), np.float32))
    np.testing.assert_array_equal(np.asarray(I.Ones()((4,))), np.ones(4, np.float32))
    np.testing.assert_array_equal(np.asarray(I.Constant(2.5)((2, 2))), np.full((2, 2), 2.5))
    ints = I.Constant(7)((3,), dtype="int32")
    assert ints.dtype == "int32" and np.asarray(ints).tolist() == [7, 7, 7]
    assert I.Ones()((2,), dtype="int64").dtype == "int64"
    np.testing.assert_array_equal(np.asarray(I.Identity()((3, 3))), np.eye(3))
    np.testing.assert_array_equal(np.asarray(I.Identity(gain=2.0)((2, 4))), 2 * np.eye(2, 4))
    np.testing.assert_array_equal(np.asarray(I.Identity(gain=-1.5)((4, 2))), -1.5 * np.eye(4, 2))
    assert I.Zeros()((0, 5)).shape == (0, 5)


@pytest.mark.parametrize("shape", [(6, 6), (50, 20), (20, 50), (3, 3, 8, 16), (128, 512)])
def test_orthogonal(shape):
    values = np.asarray(I.Orthogonal(gain=1.5, seed=4)(shape), dtype=np.float64)
    assert values.shape == shape
    flat = values.reshape(-1, shape[-1]) / 1.5
    gram = flat.T @ flat if flat.shape[0] >= flat.shape[1] else flat @ flat.T
    np.testing.assert_allclose(gram, np.eye(gram.shape[0]), atol=2e-6)


def test_orthogonal_matches_numpy_qr_of_the_same_draw():
    # Keras: q, r = qr(normal((max, min))); q *= sign(diag(r)); transpose when wide.
    rows, cols, seed = 30, 70, 9
    a = np.asarray(_core.random_normal([cols, rows], 0.0, 1.0, seed), dtype=np.float64)
    q, r = np.linalg.qr(a)
    want = (q * np.sign(np.diag(r))).T
    got = np.asarray(I.Orthogonal(seed=seed)((rows, cols)))
    np.testing.assert_allclose(got, want, atol=1e-6)


ALL = [I.Zeros, I.Ones, I.Constant, I.Identity, I.RandomUniform, I.RandomNormal,
       I.TruncatedNormal, I.VarianceScaling, I.GlorotUniform, I.GlorotNormal, I.HeUniform,
       I.HeNormal, I.LecunUniform, I.LecunNormal, I.Orthogonal]


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_seeded_is_deterministic_and_thread_independent(cls, restore_threads):
    shape = (300, 260)  # above the kernels' single-thread grain
    make = (lambda: cls(seed=5)) if "seed" in cls().get_config() else cls
    pydeep.config.set_num_threads(1)
    one = np.asarray(make()(shape))
    for threads in (2, 3):
        pydeep.config.set_num_threads(threads)
        assert np.array_equal(np.asarray(make()(shape)), one)


@pytest.mark.parametrize("cls", [c for c in ALL if "seed" in c().get_config()],
                         ids=lambda c: c.__name__)
def test_seed_semantics(cls):
    assert not np.array_equal(np.asarray(cls(seed=1)((20, 20))), np.asarray(cls(seed=2)((20, 20))))
    unseeded = cls()
    assert np.array_equal(np.asarray(unseeded((20, 20))), np.asarray(unseeded((20, 20))))
    assert not np.array_equal(np.asarray(cls()((20, 20))), np.asarray(cls()((20, 20))))
    gen = cls(seed=pydeep.random.SeedGenerator(3))
    a, b = np.asarray(gen((20, 20))), np.asarray(gen((20, 20)))
    assert not np.array_equal(a, b)
    again = cls(seed=pydeep.random.SeedGenerator(3))
    assert np.array_equal(np.asarray(again((20, 20))), a)


def test_set_random_seed_reproduces_unseeded_initializers():
    def run():
        return [np.asarray(I.get("glorot_uniform")((30, 20))),
                np.asarray(_core.initialize("he_normal", [10, 10], "float32")),
                np.asarray(I.Orthogonal()((8, 8)))]
    set_random_seed(123)
    first = run()
    set_random_seed(123)
    second = run()
    set_random_seed(124)
    third = run()
    for a, b, c in zip(first, second, third):
        assert np.array_equal(a, b) and not np.array_equal(a, c)


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_config_round_trip(cls):
    obj = cls()
    config = obj.get_config()
    assert cls.from_config(config).get_config() == config
    assert type(obj.clone()) is cls
    serialized = I.serialize(obj)
    assert serialized["class_name"] == cls.__name__
    assert type(I.get(serialized)) is cls and type(I.deserialize(serialized)) is cls
    canonical = _core.initializer_config(serialized)
    assert canonical == {"class_name": cls.__name__, "config": config}


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_configs_match_keras(cls, keras):
    ours, theirs = cls().get_config(), getattr(keras.initializers, cls.__name__)().get_config()
    if cls is I.Identity:  # Keras's Identity forgets `gain` in get_config; pydeep keeps it
        assert theirs == {} and ours == {"gain": 1.0}
    else:
        assert ours == theirs


@pytest.mark.parametrize("name,cls", [
    ("glorot_uniform", I.GlorotUniform), ("GlorotNormal", I.GlorotNormal), ("he_normal", I.HeNormal),
    ("lecun_uniform", I.LecunUniform), ("zeros", I.Zeros), ("zero", I.Zeros), ("one", I.Ones),
    ("ones", I.Ones), ("normal", I.RandomNormal), ("uniform", I.RandomUniform),
    ("truncated_normal", I.TruncatedNormal), ("variance_scaling", I.VarianceScaling),
    ("orthogonal", I.Orthogonal), ("OrthogonalInitializer", I.Orthogonal),
    ("identity", I.Identity), ("IdentityInitializer", I.Identity), ("constant", I.Constant)])
def test_identifiers_and_aliases(name, cls):
    assert type(I.get(name)) is cls
    assert _core.initializer_config(name)["class_name"] == cls.__name__
    assert I.get({"class_name": name, "config": {}}).get_config() == cls().get_config()


def test_get_other_identifiers():
    assert I.get(None) is None
    inst = I.Ones()
    assert I.get(inst) is inst
    assert type(I.get(I.HeUniform)) is I.HeUniform
    fixed = I.get(np.arange(6, dtype=np.float32).reshape(2, 3))
    np.testing.assert_array_equal(np.asarray(fixed((2, 3))), np.arange(6).reshape(2, 3))
    with pytest.raises(ValueError, match="Expected `shape`"):
        fixed((3, 2))
    assert I.VarianceScaling(distribution="normal").distribution == "truncated_normal"
    assert I.VarianceScaling(distribution="Uniform").get_config()["distribution"] == "uniform"


def test_core_spec_with_keras3_module_key():
    spec = {"module": "keras.initializers", "class_name": "RandomNormal",
            "config": {"seed": 3, "mean": 1.0, "stddev": 0.5}, "registered_name": None}
    a = np.asarray(_core.initialize(spec, [4, 4], "float32"))
    b = np.asarray(I.RandomNormal(1.0, 0.5, seed=3)((4, 4)))
    assert np.array_equal(a, b)


@pytest.mark.parametrize("call,error,pattern", [
    (lambda: I.get("glorot_uniformm"), ValueError, "glorot_uniformm"),
    (lambda: I.get({"class_name": "Nope", "config": {}}), ValueError, "Nope"),
    (lambda: I.get(42), ValueError, "42"),
    (lambda: _core.initialize("nope", [2], "float32"), ValueError, "nope"),
    (lambda: _core.initialize({"class_name": "GlorotUniform", "config": {"bar": 1}}, [2, 2]),
     ValueError, "bar"),
    (lambda: _core.initialize({"class_name": "RandomNormal", "config": {"mean": "x"}}, [2]),
     ValueError, "mean"),
    (lambda: _core.initialize({"class_name": "Zeros", "confg": {}}, [2]), ValueError, "confg"),
    (lambda: _core.initialize("stft", [2], "float32"), NotImplementedError, "STFT"),
    (lambda: I.STFT(), NotImplementedError, "STFT"),
    (lambda: I.get("STFTInitializer"), NotImplementedError, "STFT"),
    (lambda: I.VarianceScaling(scale=0.0), ValueError, "scale"),
    (lambda: I.VarianceScaling(mode="fan_sum"), ValueError, "fan_sum"),
    (lambda: I.VarianceScaling(distribution="cauchy"), ValueError, "cauchy"),
    (lambda: I.GlorotUniform(seed="x"), ValueError, "seed"),
    (lambda: I.Constant("abc"), ValueError, "value"),
    (lambda: I.Identity()((2, 2, 2)), ValueError, "2D"),
    (lambda: I.Orthogonal()((5,)), ValueError, "two-dimensional"),
    (lambda: I.GlorotUniform()((2, 2), dtype="int32"), ValueError, "int32"),
    (lambda: I.Zeros()((2, -1)), ValueError, "non-negative"),
    (lambda: I.RandomNormal(stddev=-1.0)((2,)), ValueError, "stddev"),
    (lambda: I.RandomUniform(1.0, 0.0)((2,)), ValueError, "maxval"),
    (lambda: I.Initializer()((2,)), NotImplementedError, "__call__"),
])
def test_bad_input(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
