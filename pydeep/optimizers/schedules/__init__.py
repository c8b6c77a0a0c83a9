"""``pydeep.optimizers.schedules``: Keras 3's learning-rate schedules.

Pass one as an optimizer's ``learning_rate``. The built-in schedules are
evaluated in C++ at every update (no Python per step); a subclass of
``LearningRateSchedule`` written in Python is called by the core once per
update, under the GIL.
"""
from .learning_rate_schedule import (CosineDecay, CosineDecayRestarts, ExponentialDecay,
                                     InverseTimeDecay, LearningRateSchedule,
                                     PiecewiseConstantDecay, PolynomialDecay, deserialize,
                                     is_builtin, serialize)

__all__ = ["LearningRateSchedule", "ExponentialDecay", "InverseTimeDecay",
           "PiecewiseConstantDecay", "PolynomialDecay", "CosineDecay", "CosineDecayRestarts",
           "serialize", "deserialize"]
