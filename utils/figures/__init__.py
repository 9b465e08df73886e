"""Figures computed from real data, Korean labels included: one module per section.

- ``common``         — colour scales, image checks, weight and number grids, receptive fields (5.1.1, 5.1.2)
- ``intro_convnets`` — 5.1: the convnet's predictions
- ``convolution``    — 5.1.1: local patterns, response maps, window positions and their explorer
- ``max_pooling``    — 5.1.2: pooling by hand, pooled feature maps, learning curves

Every function returns a :class:`matplotlib.figure.Figure` that is not registered with pyplot,
so a notebook shows it exactly once by leaving it as the cell's last expression. The figures
draw; what they show is computed by ``utils.ops``, ``utils.receptive_fields`` and
``utils.stats``. No figure module imports TensorFlow or Keras.
"""
