"""The chapter's models in idiomatic Keras 3, each starting from ``keras.Input`` (5.1, 5.1.1, 5.1.2)."""

from typing import Literal

import keras
from keras import layers

from utils.checks import choice

INPUT_SHAPE = (28, 28, 1)
Downsampling = Literal["max", "avg", "strided"]


def build_convnet_base(downsampling: Downsampling = "max") -> keras.Sequential:
    """Listing 5-1, shrinking by ``"max"`` pooling (the book, 5.1), ``"avg"`` pooling or ``"strided"`` convolutions.

    The strided base has no pooling layers: its first two convolutions take stride 2 instead, so its
    last map is 4x4 with a 15-pixel receptive field (max pooling: 3x3 and 18) (5.1.2).
    """
    choice(downsampling, "downsampling", ("max", "avg", "strided"))
    if downsampling == "strided":  # stride 2 where listing 5-1 pools: after the first and second convolutions
        convs = [layers.Conv2D(f, (3, 3), strides=s, activation="relu") for f, s in ((32, 2), (64, 2), (64, 1))]
        return keras.Sequential([keras.Input(shape=INPUT_SHAPE), *convs], name="convnet_base_strided")
    pool = layers.MaxPooling2D if downsampling == "max" else layers.AveragePooling2D
    stack = [keras.Input(shape=INPUT_SHAPE), layers.Conv2D(32, (3, 3), activation="relu")]
    for filters in (64, 64):
        stack += [pool((2, 2)), layers.Conv2D(filters, (3, 3), activation="relu")]
    return keras.Sequential(stack, name=f"convnet_base_{downsampling}")


def add_classifier(base: keras.Model, dense_units: int = 64, name: str | None = None) -> keras.Sequential:
    """Listing 5-2: Flatten -> Dense(dense_units, relu) -> Dense(10, softmax) on top of ``base`` (5.1, 5.1.2)."""
    head = [layers.Flatten(), layers.Dense(dense_units, activation="relu"), layers.Dense(10, activation="softmax")]
    name = name or base.name.replace("_base", "")
    return keras.Sequential([keras.Input(shape=INPUT_SHAPE), *base.layers, *head], name=name)


def build_convnet(downsampling: Downsampling = "max") -> keras.Sequential:
    """The full 5.1 convnet (listings 5-1 and 5-2): 93,322 parameters with max pooling (5.1, 5.1.1, 5.1.2)."""
    return add_classifier(build_convnet_base(downsampling))


def build_no_pooling_base() -> keras.Sequential:
    """5.1.2's model without downsampling: three 3x3 convolutions, 55,744 parameters (5.1.2)."""
    convs = [layers.Conv2D(filters, (3, 3), activation="relu") for filters in (32, 64, 64)]
    return keras.Sequential([keras.Input(shape=INPUT_SHAPE), *convs], name="no_pooling_base")


def build_no_pooling_model(dense_units: int = 512) -> keras.Sequential:
    """5.1.2's no-downsampling model with Flatten -> Dense(512) -> Dense(10) on top (5.1.2)."""
    return add_classifier(build_no_pooling_base(), dense_units, name="no_pooling")


def build_dense_network() -> keras.Sequential:
    """Chapter 2's densely connected network: Dense(512, relu) -> Dense(10, softmax) (5.1, 5.1.1, 5.1.2)."""
    dense = [layers.Dense(512, activation="relu"), layers.Dense(10, activation="softmax")]
    return keras.Sequential([keras.Input(shape=(28 * 28,)), *dense], name="dense_network")
