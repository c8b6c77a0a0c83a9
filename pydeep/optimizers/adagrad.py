"""``Adagrad`` (Keras 3's ``keras.optimizers.Adagrad``)."""
from .optimizer import Optimizer


class Adagrad(Optimizer):
    """Adagrad (Keras 3's ``Adagrad``):

    ``acc += g**2``, ``w -= lr * g / sqrt(acc + epsilon)``, with ``acc``
    starting at ``initial_accumulator_value``. Slots: ``<var>_accumulator``.
    The common arguments are the base class's (``Optimizer``).
    """

    _identifier = "adagrad"

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs):
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm,
                         use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor,
                         gradient_accumulation_steps, name, **kwargs)
        self._make_native(initial_accumulator_value=float(initial_accumulator_value),
                          epsilon=float(epsilon))
