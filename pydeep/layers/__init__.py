"""``pydeep.layers``: Keras 3 layers whose math runs in the C++ core."""
from .core import (Activation, Dense, Dropout, Flatten, Identity, Permute, RepeatVector,
                   Rescaling, Reshape)
from .input_layer import Input, InputLayer
from .layer import Layer

__all__ = ["Activation", "Dense", "Dropout", "Flatten", "Identity", "Input", "InputLayer",
           "Layer", "Permute", "RepeatVector", "Rescaling", "Reshape"]
