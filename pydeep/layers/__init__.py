"""``pydeep.layers``: Keras 3 layers whose math runs in the C++ core."""
from .core import (Activation, Dense, Dropout, Flatten, Identity, Permute, RepeatVector,
                   Rescaling, Reshape)
from .core import ActivityRegularization
from .input_layer import Input, InputLayer
from .lambda_layer import Lambda
from .layer import Layer
from .merge import (Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract, add,
                    average, concatenate, dot, maximum, minimum, multiply, subtract)

__all__ = ["Activation", "Add", "Average", "Concatenate", "Dense", "Dot", "Dropout", "Flatten",
           "Identity", "Input", "InputLayer", "Lambda", "Layer", "Maximum", "Minimum", "Multiply",
           "Permute", "RepeatVector", "Rescaling", "Reshape", "Subtract", "add", "average",
           "concatenate", "dot", "maximum", "minimum", "multiply", "subtract"]
__all__ += ["ActivityRegularization"]
from .embedding import Embedding, Masking
from .rnn import GRU, LSTM, SimpleRNN

__all__ += ["Embedding", "GRU", "LSTM", "Masking", "SimpleRNN"]
from .wrappers import Bidirectional, TimeDistributed

__all__ += ["Bidirectional", "TimeDistributed"]
from .attention import AdditiveAttention, Attention, MultiHeadAttention

__all__ += ["AdditiveAttention", "Attention", "MultiHeadAttention"]
