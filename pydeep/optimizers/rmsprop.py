"""``RMSprop`` (Keras 3's ``keras.optimizers.RMSprop``)."""
from .optimizer import Optimizer


class RMSprop(Optimizer):
    """RMSprop (Keras 3's ``RMSprop``):

    ``v = rho * v + (1 - rho) * g**2``; with ``centered=True``
    ``avg = rho * avg + (1 - rho) * g`` and ``d = v - avg**2 + epsilon``, else
    ``d = v + epsilon``; ``inc = lr * g / sqrt(d)``; with ``momentum > 0``
    ``mom = momentum * mom + inc; w -= mom``, else ``w -= inc``.
    Slots: ``<var>_velocity`` for every variable, then ``<var>_momentum``
    (momentum > 0), then ``<var>_average_gradient`` (centered). The common
    arguments are the base class's (``Optimizer``).
    """

    _identifier = "rmsprop"

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs):
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm,
                         use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor,
                         gradient_accumulation_steps, name, **kwargs)
        self._make_native(rho=float(rho), momentum=float(momentum), epsilon=float(epsilon),
                          centered=bool(centered))
