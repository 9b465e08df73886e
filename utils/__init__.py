"""Course helpers for Deep Learning with Python 5.1, 5.1.1 and 5.1.2 (Korean edition).

One rule splits the package: what several sections share sits in one module, and where a
section needs its own figures or exercises, they sit in a module named after its notebook
(``chapters/5_1_1_convolution.ipynb`` -> ``figures/convolution.py``, ``exercises/convolution.py``).
Every public function's docstring names the section(s) that use it.

Set-up and data (every section)
    ``notebook``     the one visible set-up call: backend, seed, logs, Korean fonts (5.1, 5.1.1, 5.1.2)
    ``settings``     the parameters cell's values, checked and resolved (5.1, 5.1.1, 5.1.2)
    ``backend``      which Keras backend and device, repeatable runs (5.1, 5.1.1, 5.1.2)
    ``data``         MNIST from a shared copy or Keras (5.1, 5.1.1, 5.1.2)
    ``glue``         computed numbers into the prose: ``glue(name, value, fmt)`` (5.1, 5.1.1, 5.1.2)
    ``checks``       the argument validators every public function uses (all modules)

Models and training
    ``models``       the book's models in Keras 3 (5.1, 5.1.1, 5.1.2)
    ``training``     prepared MNIST, ``train_and_evaluate`` and its ``TrainResult`` (5.1.1, 5.1.2)
    ``cache``        trained models kept on disk and reused (5.1, 5.1.1)
    ``calibration``  thresholds for trained numbers from their measured spread (5.1, 5.1.1, 5.1.2)
    ``transforms``   shifted digits and the accuracy on them (5.1.1)
    ``experiments``  the five downsampling models trained under one budget, per seed (5.1.2)
    ``stats``        summaries over seeds, within-noise verdicts; no TensorFlow (5.1.2)
    ``report``       the results table and the Korean sentences computed from it (5.1.2)

Computation by hand (NumPy, no TensorFlow)
    ``ops``               convolution, pooling, output sizes, window positions (5.1.1, 5.1.2)
    ``receptive_fields``  receptive fields and the input window of a unit, from Keras models (5.1.1, 5.1.2)

Figures (``figures/``; draw only, no TensorFlow)
    ``figures.common``          colour scales, image checks, number grids, receptive fields (5.1.1, 5.1.2)
    ``figures.intro_convnets``  5.1's predictions
    ``figures.convolution``     5.1.1's figures
    ``figures.max_pooling``     5.1.2's figures and learning curves
    ``widgets``                 sliders that redraw a figure in a live notebook (5.1.1)

Exercises (``exercises/``; checkers that answer in Korean)
    ``exercises.feedback``      the ``Feedback`` verdict and ``compare`` (5.1.1, 5.1.2)
    ``exercises.convolution``   5.1.1's checkers
    ``exercises.max_pooling``   5.1.2's checkers
"""
