"""mlp_lib: the small NumPy library of the course "How a multilayer perceptron learns".

Each module is one concept and reads beside its chapter:
activations, losses, network (forward + backward), optimizers, training,
gradcheck, datasets, plotting, two_layer.
"""
from .network import MLP
from .training import History, TrainingDiverged

__version__ = "0.1.0"

__all__ = ["MLP", "History", "TrainingDiverged", "__version__"]
