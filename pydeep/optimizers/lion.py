"""``Lion`` (Keras 3's ``keras.optimizers.Lion``)."""
from .optimizer import Optimizer


class Lion(Optimizer):
    """Lion (Keras 3's ``Lion``):

    ``w -= lr * sign(m * beta_1 + g * (1 - beta_1))``, then
    ``m = m * beta_2 + g * (1 - beta_2)``. ``beta_1`` must be in (0, 1].
    Slots: ``<var>_momentum``. The common arguments are the base class's
    (``Optimizer``).
    """

    _identifier = "lion"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs):
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm,
                         use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor,
                         gradient_accumulation_steps, name, **kwargs)
        self._make_native(beta_1=float(beta_1), beta_2=float(beta_2))
