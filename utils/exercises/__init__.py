"""Exercise checkers that answer in Korean: one module per section.

- ``feedback``    — the :class:`~utils.exercises.feedback.Feedback` verdict and ``compare`` (5.1.1, 5.1.2)
- ``convolution`` — 5.1.1: output shape, parameter count, patch extraction, window positions,
  the output shapes of a changed model's ``summary()``
- ``max_pooling`` — 5.1.2: max pooling by hand, Dense weights on a conv base, a strided receptive field

Every checker returns a ``Feedback``: printing it shows the Korean message, and
``bool(feedback)`` says whether the answer is right (hidden test cells assert it). The
expected answers are computed (``utils.ops``, ``utils.receptive_fields``, ``utils.models``), never
typed in.
"""
