"""The chapter's models, built in idiomatic Keras 3 (5.1, 5.1.1, 5.1.2).

Every builder starts from ``keras.Input`` (the book's Keras 2 code passed
``input_shape=`` to the first layer instead).
"""

from __future__ import annotations

from typing import Literal

import keras
from keras import layers

from utils.checks import one_of, positive_int

INPUT_SHAPE = (28, 28, 1)
NUM_CLASSES = 10
Downsampling = Literal["max", "avg", "strided"]
_DOWNSAMPLING = ("max", "avg", "strided")


def build_convnet_base(downsampling: Downsampling = "max") -> keras.Sequential:
    """Listing 5-1: Conv2D(32) -> pool -> Conv2D(64) -> pool -> Conv2D(64) (defined in 5.1; used in 5.1, 5.1.2).

    ``downsampling`` chooses how the feature maps shrink between convolutions (5.1.2):
    ``"max"`` (the book), ``"avg"`` (average pooling) or ``"strided"`` (no pooling; the
    two later convolutions use stride 2 instead).
    """
    one_of(downsampling, "downsampling", _DOWNSAMPLING)
    stack: list[layers.Layer] = [keras.Input(shape=INPUT_SHAPE), layers.Conv2D(32, (3, 3), activation="relu")]
    for filters in (64, 64):
        if downsampling == "strided":
            stack.append(layers.Conv2D(filters, (3, 3), strides=2, activation="relu"))
            continue
        pool = layers.MaxPooling2D if downsampling == "max" else layers.AveragePooling2D
        stack += [pool((2, 2)), layers.Conv2D(filters, (3, 3), activation="relu")]
    return keras.Sequential(stack, name=f"convnet_base_{downsampling}")


def add_classifier(base: keras.Model, dense_units: int = 64, name: str | None = None) -> keras.Sequential:
    """Listing 5-2: Flatten -> Dense(dense_units, relu) -> Dense(10, softmax) on top of ``base`` (5.1, 5.1.2)."""
    positive_int(dense_units, "dense_units")
    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
            *base.layers,
            layers.Flatten(),
            layers.Dense(dense_units, activation="relu"),
            layers.Dense(NUM_CLASSES, activation="softmax"),
        ],
        name=name or base.name.replace("_base", ""),
    )


def build_convnet(downsampling: Downsampling = "max") -> keras.Sequential:
    """The full 5.1 convnet (listings 5-1 and 5-2): 93,322 parameters with max pooling (5.1, 5.1.1, 5.1.2)."""
    return add_classifier(build_convnet_base(downsampling))


def build_no_pooling_base() -> keras.Sequential:
    """5.1.2's model without downsampling: three 3x3 convolutions, 55,744 parameters (5.1.2)."""
    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
            layers.Conv2D(32, (3, 3), activation="relu"),
            layers.Conv2D(64, (3, 3), activation="relu"),
            layers.Conv2D(64, (3, 3), activation="relu"),
        ],
        name="no_pooling_base",
    )


def build_no_pooling_model(dense_units: int = 512) -> keras.Sequential:
    """5.1.2's no-downsampling model with Flatten -> Dense(512) -> Dense(10) on top (5.1.2)."""
    return add_classifier(build_no_pooling_base(), dense_units, name="no_pooling")


def build_dense_network() -> keras.Sequential:
    """Chapter 2's densely connected network: Dense(512, relu) -> Dense(10, softmax) (5.1, 5.1.1, 5.1.2)."""
    return keras.Sequential(
        [
            keras.Input(shape=(28 * 28,)),
            layers.Dense(512, activation="relu"),
            layers.Dense(NUM_CLASSES, activation="softmax"),
        ],
        name="dense_network",
    )
