"""The workshop app: the teaching town live in a browser (``safecity-app``) and as an animation
for slides (``safecity-animate``).

The app is separate from the model: ``sim`` never imports ``app``. Every control's range and
default comes from the parameter declarations in ``sim/params/`` (``app.state``), the map and the
charts are plain matplotlib drawings of a running model (``app.map_view`` with its cell colours in
``app.map_layers`` and its marks in ``app.colours``; ``app.charts``; both encoded by
``app.frames``), the Solara components put them on a page (``app.page``, with ``app.controls``,
``app.play``, ``app.panels`` and ``app.explanation``), and ``app.server`` serves that page with
every front-end asset from this machine, so that it works with no internet.
"""
