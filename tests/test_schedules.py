"""pydeep.optimizers.schedules: values against float64 formulas and against
Keras, configs and serialization, bad arguments, and schedules driving
optimizers (built-in ones in C++, Python subclasses called once per update)."""
import os
import warnings

import numpy as np
import pytest

import pydeep
import pydeep.optimizers as optimizers
from optimizer_reference import schedule_value
from pydeep.optimizers import schedules

CASES = {
    "exponential": ("ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=10,
                                             decay_rate=0.5)),
    "exponential_staircase": ("ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=7,
                                                       decay_rate=0.9, staircase=True)),
    "inverse_time": ("InverseTimeDecay", dict(initial_learning_rate=0.5, decay_steps=4.0,
                                              decay_rate=0.3)),
    "inverse_time_staircase": ("InverseTimeDecay", dict(initial_learning_rate=0.5,
                                                        decay_steps=5, decay_rate=1.0,
                                                        staircase=True)),
    "piecewise": ("PiecewiseConstantDecay", dict(boundaries=[5, 20, 40],
                                                 values=[1.0, 0.5, 0.1, 0.01])),
    "polynomial": ("PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=30)),
    "polynomial_power_cycle": ("PolynomialDecay", dict(initial_learning_rate=0.1,
                                                       decay_steps=12, end_learning_rate=0.01,
                                                       power=0.5, cycle=True)),
    "cosine": ("CosineDecay", dict(initial_learning_rate=0.1, decay_steps=40)),
    "cosine_alpha_warmup": ("CosineDecay", dict(initial_learning_rate=0.0, decay_steps=30,
                                                alpha=0.2, warmup_target=0.1, warmup_steps=10)),
    "restarts": ("CosineDecayRestarts", dict(initial_learning_rate=0.1, first_decay_steps=10)),
    "restarts_t3_m": ("CosineDecayRestarts", dict(initial_learning_rate=0.1,
                                                  first_decay_steps=7, t_mul=3.0, m_mul=0.5,
                                                  alpha=0.05)),
    "restarts_t1": ("CosineDecayRestarts", dict(initial_learning_rate=0.2, first_decay_steps=6,
                                                t_mul=1.0, m_mul=0.8)),
}
# Period and warmup boundaries included (10, 30, 70 for restarts; 7, 28, 91 for t_mul=3).
STEPS = [0, 1, 3, 5, 6, 7, 10, 11, 12, 20, 21, 24, 28, 29, 30, 31, 36, 40, 41, 55, 70, 91, 200]


@pytest.mark.parametrize("case", sorted(CASES))
def test_values_match_formula(case):
    class_name, config = CASES[case]
    schedule = getattr(schedules, class_name)(**config)
    for step in STEPS:
        got = schedule(step)
        assert isinstance(got, np.float32)
        want = schedule_value(class_name, config, step)
        # float32 evaluation: near a cosine's minimum (1 + cos cancels) the error
        # is relative to the schedule's scale, not to the value.
        np.testing.assert_allclose(float(got), want, rtol=2e-6, atol=1e-7,
                                   err_msg=f"{case} at step {step}")
    steps = np.array(STEPS[:5])  # arrays of steps, as for plotting a schedule
    np.testing.assert_allclose(schedule(steps), [schedule(int(s)) for s in steps], rtol=0)


@pytest.mark.parametrize("case", sorted(CASES))
def test_values_and_config_match_keras(case):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    class_name, config = CASES[case]
    ours = getattr(schedules, class_name)(**config)
    theirs = getattr(keras.optimizers.schedules, class_name)(**config)
    for step in STEPS:
        np.testing.assert_allclose(float(ours(step)), float(theirs(step)), rtol=1e-6,
                                   atol=1e-9, err_msg=f"{case} at step {step}")
    assert ours.get_config() == theirs.get_config()
    assert schedules.serialize(ours) == keras.optimizers.schedules.serialize(theirs)


def test_config_round_trip_and_attributes():
    schedule = schedules.CosineDecay(0.1, 100, alpha=0.1, warmup_target=0.2, warmup_steps=5,
                                     name="warm")
    config = schedule.get_config()
    assert config == {"initial_learning_rate": 0.1, "decay_steps": 100, "alpha": 0.1,
                      "name": "warm", "warmup_target": 0.2, "warmup_steps": 5}
    assert schedule.decay_steps == 100 and schedule.warmup_target == 0.2
    clone = schedules.CosineDecay.from_config(config)
    assert clone.get_config() == config and clone(17) == schedule(17)
    again = schedules.deserialize(schedules.serialize(schedule))
    assert isinstance(again, schedules.CosineDecay) and again.get_config() == config
    with pytest.raises(AttributeError, match="read-only"):
        schedule.decay_steps = 3


@pytest.mark.parametrize("make, match", [
    (lambda: schedules.ExponentialDecay(0.1, 0, 0.5), "decay_steps"),
    (lambda: schedules.InverseTimeDecay(0.1, -1, 0.5), "decay_steps"),
    (lambda: schedules.PolynomialDecay(0.1, 0), "decay_steps"),
    (lambda: schedules.CosineDecay(0.1, 0), "decay_steps"),
    (lambda: schedules.CosineDecayRestarts(0.1, 0), "first_decay_steps"),
    (lambda: schedules.PiecewiseConstantDecay([1, 2], [0.1, 0.2]), "boundaries"),
    (lambda: schedules.ExponentialDecay("fast", 10, 0.5), "initial_learning_rate"),
    (lambda: schedules.deserialize({"class_name": "StepDecay", "config": {}}), "StepDecay"),
    (lambda: pydeep._core.make_schedule("ExponentialDecay", {"initial_learning_rate": 0.1}),
     "decay_steps"),
])
def test_bad_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_optimizer_with_builtin_schedule():
    schedule = schedules.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5)
    opt = optimizers.SGD(learning_rate=schedule)
    v = pydeep.Variable(np.zeros(3, np.float32), name="v")
    assert opt.learning_rate == pytest.approx(0.1)
    expected = 0.0
    for step in range(5):
        assert opt.learning_rate == pytest.approx(0.1 * 0.5 ** (step / 2), rel=1e-6)
        opt.apply_gradients([(np.ones(3, np.float32), v)])
        expected -= 0.1 * 0.5 ** (step / 2)
    np.testing.assert_allclose(np.array(v), expected, rtol=1e-6)
    # Keras: no learning_rate variable with a schedule, and it cannot be set.
    assert [x.name for x in opt.variables] == ["iteration"]
    with pytest.raises(TypeError, match="not settable"):
        opt.learning_rate = 0.3
    config = opt.get_config()
    assert config["learning_rate"] == {"module": "keras.optimizers.schedules",
                                       "class_name": "ExponentialDecay",
                                       "config": schedule.get_config(), "registered_name": None}
    clone = optimizers.SGD.from_config(config)
    assert isinstance(clone._learning_rate_object, schedules.ExponentialDecay)
    assert clone.get_config() == config
    assert optimizers.get(optimizers.serialize(opt)).get_config() == config
    # A float can be replaced by a schedule, as in Keras.
    other = optimizers.Adam(0.01)
    other.learning_rate = schedules.PiecewiseConstantDecay([1], [0.5, 0.25])
    assert other.learning_rate == 0.5 and [x.name for x in other.variables] == ["iteration"]


class HalvingSchedule(schedules.LearningRateSchedule):
    """A user's schedule: halves the rate every `period` steps."""

    def __init__(self, initial, period):
        self.initial, self.period, self.steps_seen = initial, period, []

    def __call__(self, step):
        self.steps_seen.append(step)
        return self.initial * 0.5 ** (step // self.period)

    def get_config(self):
        return {"initial": self.initial, "period": self.period}


def test_python_schedule_called_once_per_update():
    schedule = HalvingSchedule(0.4, 2)
    opt = optimizers.SGD(learning_rate=schedule, gradient_accumulation_steps=2)
    v = pydeep.Variable(np.zeros(2, np.float32), name="v")
    for _ in range(6):
        opt.apply_gradients([(np.ones(2, np.float32), v)])
    # Updates on calls 2, 4, 6 (raw steps 1, 3, 5), each with the mean gradient 1.
    assert schedule.steps_seen == [1, 3, 5]
    assert all(type(s) is int for s in schedule.steps_seen)
    np.testing.assert_allclose(np.array(v), -(0.4 + 0.2 + 0.1), rtol=1e-6)
    assert opt.iterations == 3
    config = opt.get_config()
    assert config["learning_rate"] == {"module": __name__, "class_name": "HalvingSchedule",
                                       "config": {"initial": 0.4, "period": 2},
                                       "registered_name": "HalvingSchedule"}
    clone = optimizers.SGD.from_config(config, custom_objects={"HalvingSchedule":
                                                               HalvingSchedule})
    assert isinstance(clone._learning_rate_object, HalvingSchedule)
    with pytest.raises(ValueError, match="HalvingSchedule"):
        optimizers.SGD.from_config(config)


def test_python_schedule_error_propagates():
    class Broken(schedules.LearningRateSchedule):
        def __call__(self, step):
            raise RuntimeError(f"schedule failed at step {step}")

    opt = optimizers.Adam(learning_rate=Broken())
    v = pydeep.Variable(np.zeros(2, np.float32), name="v")
    with pytest.raises(RuntimeError, match="schedule failed at step 0"):
        opt.apply_gradients([(np.ones(2, np.float32), v)])
    with pytest.raises(NotImplementedError, match="get_config"):
        schedules.serialize(Broken())
    with pytest.raises(NotImplementedError, match="__call__"):
        optimizers.SGD(learning_rate=schedules.LearningRateSchedule()).apply_gradients(
            [(np.ones(2, np.float32), v)])


def test_callable_learning_rate():
    rates = iter([0.5, 0.25])

    def next_rate():
        return next(rates)

    opt = optimizers.SGD(learning_rate=next_rate)
    v = pydeep.Variable(np.zeros(1, np.float32), name="v")
    opt.apply_gradients([(np.ones(1, np.float32), v)])
    opt.apply_gradients([(np.ones(1, np.float32), v)])
    np.testing.assert_allclose(np.array(v), [-0.75])
    assert opt.get_config()["learning_rate"] == {"module": "builtins", "class_name": "function",
                                                 "config": "next_rate",
                                                 "registered_name": "function"}


def test_fit_with_schedules_learns(rng):
    x = rng.normal(size=(256, 3)).astype(np.float32)
    y = (x @ np.array([[2.0], [-1.0], [0.5]]) + 0.3).astype(np.float32)
    halving = HalvingSchedule(0.1, 50)
    for lr in (schedules.CosineDecay(0.1, 200, warmup_target=0.2, warmup_steps=20), halving):
        model = pydeep.Sequential([pydeep.layers.Input((3,)), pydeep.layers.Dense(1)])
        model.compile(optimizer=optimizers.SGD(lr, momentum=0.5), loss="mse")
        history = model.fit(x, y, batch_size=32, epochs=12, verbose=0, shuffle=False)
        losses = history.history["loss"]
        assert losses[-1] < 1e-3 < losses[0], (type(lr).__name__, losses)
        assert model.optimizer.iterations == 96
    assert halving.steps_seen == list(range(96))  # once per batch, from the C++ loop


def test_fit_with_schedule_matches_keras(rng):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    x = rng.normal(size=(64, 4)).astype(np.float32)
    y = rng.normal(size=(64, 2)).astype(np.float32)
    w = [rng.normal(size=(4, 2)).astype(np.float32), np.zeros(2, np.float32)]
    config = dict(initial_learning_rate=0.05, first_decay_steps=5, t_mul=1.5)
    ours = pydeep.Sequential([pydeep.layers.Input((4,)), pydeep.layers.Dense(2)])
    ours.set_weights(w)
    ours.compile(optimizer=optimizers.Adam(schedules.CosineDecayRestarts(**config)), loss="mse")
    ours.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        theirs.set_weights(w)
        theirs.compile(optimizer=keras.optimizers.Adam(
            keras.optimizers.schedules.CosineDecayRestarts(**config)), loss="mse")
        theirs.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)
    # The gradients come from different float32 kernels (pydeep's and torch's),
    # so 24 Adam steps drift apart by a few float32 roundings of the weights.
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_python_schedule_error_in_fit_propagates(rng):
    class FailsLater(schedules.LearningRateSchedule):
        def __call__(self, step):
            if step == 3:
                raise RuntimeError("no rate for step 3")
            return 0.01

    x, y = rng.normal(size=(32, 2)).astype(np.float32), rng.normal(size=(32, 1)).astype(np.float32)
    model = pydeep.Sequential([pydeep.layers.Input((2,)), pydeep.layers.Dense(1)])
    model.compile(optimizer=optimizers.SGD(FailsLater()), loss="mse")
    with pytest.raises(RuntimeError, match="no rate for step 3"):
        model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    assert model.optimizer.iterations == 3  # the failed step changed nothing


def test_subclass_of_a_builtin_schedule_runs_in_python():
    class FlooredExponential(schedules.ExponentialDecay):
        def __init__(self, floor, **kwargs):
            super().__init__(**kwargs)
            self.floor = floor

        def __call__(self, step):
            return max(self.floor, float(super().__call__(step)))

        def get_config(self):
            return {**super().get_config(), "floor": self.floor}

    schedule = FlooredExponential(0.02, initial_learning_rate=0.1, decay_steps=1,
                                  decay_rate=0.5)
    assert not schedules.is_builtin(schedule)
    opt = optimizers.SGD(schedule)
    v = pydeep.Variable(np.zeros(1, np.float32), name="v")
    for _ in range(5):
        opt.apply_gradients([(np.ones(1, np.float32), v)])
    np.testing.assert_allclose(np.array(v), [-(0.1 + 0.05 + 0.025 + 0.02 + 0.02)], rtol=1e-6)
    assert opt.get_config()["learning_rate"]["config"]["floor"] == 0.02
