"""``pydeep.layers``: Keras 3 layers whose math runs in the C++ core."""
from .core import (Activation, Dense, Dropout, Flatten, Identity, Permute, RepeatVector,
                   Rescaling, Reshape)
from .core import ActivityRegularization
from .convolutional import (Conv1D, Conv1DTranspose, Conv2D, Conv2DTranspose, Conv3D,
                            Conv3DTranspose, DepthwiseConv1D, DepthwiseConv2D, SeparableConv1D,
                            SeparableConv2D)
from .input_layer import Input, InputLayer
from .lambda_layer import Lambda
from .layer import Layer
from .merge import (Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract, add,
                    average, concatenate, dot, maximum, minimum, multiply, subtract)
from .noise import GaussianDropout, GaussianNoise, SpatialDropout1D, SpatialDropout2D, \
    SpatialDropout3D
from .normalization import (BatchNormalization, GroupNormalization, LayerNormalization,
                            UnitNormalization)
from .pooling import (AveragePooling1D, AveragePooling2D, AveragePooling3D,
                      GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D,
                      GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D, MaxPooling1D,
                      MaxPooling2D, MaxPooling3D)
from .reshaping_spatial import (Cropping1D, Cropping2D, Cropping3D, UpSampling1D, UpSampling2D,
                                UpSampling3D, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D)

__all__ = ["Activation", "Add", "Average", "Concatenate", "Dense", "Dot", "Dropout", "Flatten",
           "Identity", "Input", "InputLayer", "Lambda", "Layer", "Maximum", "Minimum", "Multiply",
           "Permute", "RepeatVector", "Rescaling", "Reshape", "Subtract", "add", "average",
           "concatenate", "dot", "maximum", "minimum", "multiply", "subtract",
           # convolution, pooling, normalization, spatial reshaping, noise
           "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
           "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D",
           "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
           "AveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
           "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
           "BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization",
           "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D",
           "Cropping3D", "UpSampling1D", "UpSampling2D", "UpSampling3D", "GaussianNoise",
           "GaussianDropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"]
__all__ += ["ActivityRegularization"]
from .embedding import Embedding, Masking
from .rnn import GRU, LSTM, SimpleRNN

__all__ += ["Embedding", "GRU", "LSTM", "Masking", "SimpleRNN"]
from .wrappers import Bidirectional, TimeDistributed

__all__ += ["Bidirectional", "TimeDistributed"]
from .attention import AdditiveAttention, Attention, MultiHeadAttention

__all__ += ["AdditiveAttention", "Attention", "MultiHeadAttention"]
