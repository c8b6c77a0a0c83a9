"""``Adadelta`` (Keras 3's ``keras.optimizers.Adadelta``)."""
from .optimizer import Optimizer


class Adadelta(Optimizer):
    """Adadelta (Keras 3's ``Adadelta``):

    ``ag = rho * ag + (1 - rho) * g**2``,
    ``delta = -sqrt(ad + epsilon) * g / sqrt(ag + epsilon)``,
    ``ad = rho * ad + (1 - rho) * delta**2``, ``w += lr * delta``.
    Slots: ``<var>_accumulated_grad``, ``<var>_accumulated_delta_var`` per
    variable. The common arguments are the base class's (``Optimizer``).
    """

    _identifier = "adadelta"

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs):
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm,
                         use_ema, ema_momentum, ema_overwrite_frequency, loss_scale_factor,
                         gradient_accumulation_steps, name, **kwargs)
        self._make_native(rho=float(rho), epsilon=float(epsilon))
