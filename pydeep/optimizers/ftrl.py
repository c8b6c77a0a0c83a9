"""``Ftrl`` (Keras 3's ``keras.optimizers.Ftrl``)."""
from .optimizer import Optimizer


class Ftrl(Optimizer):
    """FTRL, "Follow The Regularized Leader" (Keras 3's ``Ftrl``), with
    ``P = -learning_rate_power`` and ``l2 = l2_regularization_strength + beta / (2 lr)``:

    ``n2 = n + g**2``;
    ``linear += g + 2 * l2_shrinkage_regularization_strength * w - (n2**P - n**P) / lr * w``;
    ``w = (clip(linear, -l1, l1) - linear) / (n2**P / lr + 2 * l2)``; ``n = n2``
    (``l1 = l1_regularization_strength``). Slots: ``<var>_accumulator``
    (starting at ``initial_accumulator_value``), ``<var>_linear`` per
    variable. The common arguments are the base class's (``Optimizer``).
    """

    _identifier = "ftrl"

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 l2_shrinkage_regularization_strength=0.0, beta=0.0,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs):
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm,
                         use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor,
                         gradient_accumulation_steps, name, **kwargs)
        self._make_native(
            learning_rate_power=float(learning_rate_power),
            initial_accumulator_value=float(initial_accumulator_value),
            l1_regularization_strength=float(l1_regularization_strength),
            l2_regularization_strength=float(l2_regularization_strength),
            l2_shrinkage_regularization_strength=float(l2_shrinkage_regularization_strength),
            beta=float(beta))
