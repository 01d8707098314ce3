"""Teaching: exercises for lecturers as notebooks with answer keys the model computes
(``teaching/exercises/``), the helpers they share (:mod:`teaching.lab`), and ``safecity-teach``
(:mod:`teaching.notebooks`): JupyterLab on them, student copies without the keys, and the checks
that every answer-key figure is computed. ``docs/teaching.md`` is the lecturer's guide.
"""
