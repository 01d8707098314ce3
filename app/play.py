"""Playing the town: reset, play or pause, and step, with a play loop that waits for each frame.

Mesa's ``SolaraViz`` has a ``ModelController`` for this, replaced here for a reason: its play
loop steps without waiting for the page to draw, so with no pause it outruns the drawing (solara
then re-renders without end, "Too many renders"). The controller here waits for each frame
before the next step (:class:`FrameSync`), and measures the pace the page keeps
(:class:`TickRate`).
"""

from __future__ import annotations

import collections
import threading
import time
import traceback

import solara
import solara.lab
from mesa.visualization.utils import force_update

from app import sessions

PLAY_PAUSE_MS = {"as fast as it draws": 0, "steady (4 ticks/s)": 250, "slow (1 tick/s)": 1000}
"""Pauses between ticks while playing: a facilitator slows the town down to talk over it."""
TICKS_PER_FRAME = (1, 2, 6, 24)
"""Ticks simulated between two drawings: 24 skips through a day at a time."""
RATE_WINDOW_S = 3.0
"""The ticks-per-second readout averages over this many seconds."""
FRAME_TIMEOUT_S = 2.0
"""The play loop waits at most this long for a frame before it steps on (a closed browser tab
draws nothing)."""


HANDOVER_PAUSE_S = 0.05
"""After a frame drawn by another thread (a click while playing renders in the click's thread),
the play loop pauses this long, so that thread's render loop sees no new request and ends:
solara keeps rendering in the thread that holds its render lock for as long as requests come,
and gives up with "Too many renders" after a hundred passes in a row."""


class FrameSync:
    """Lets the play loop wait until the page shows the step it just simulated."""

    def __init__(self) -> None:
        self._drawn = threading.Condition()
        self._steps = -1
        self._thread: int | None = None

    def drawn(self, steps: int) -> None:
        """The page now shows the model after ``steps`` steps (called by the last view drawn)."""
        with self._drawn:
            self._steps = steps
            self._thread = threading.get_ident()
            self._drawn.notify_all()

    def wait(self, steps: int, timeout: float = FRAME_TIMEOUT_S) -> bool:
        """Wait until the page shows at least ``steps`` steps. Returns whether this thread drew
        it (False also on time-out)."""
        with self._drawn:
            shown = self._drawn.wait_for(lambda: self._steps >= steps, timeout)
            return shown and self._thread == threading.get_ident()


class TickRate:
    """Ticks per second over the last few seconds of drawing (shown on the page, so the
    facilitator can see the town keeps up)."""

    def __init__(self) -> None:
        self.samples: collections.deque[tuple[float, int]] = collections.deque()

    def note(self, steps: int) -> float | None:
        """Record that ``steps`` ticks have been drawn now; return the recent rate, if any."""
        now = time.perf_counter()
        if self.samples and steps < self.samples[-1][1]:
            self.samples.clear()  # a new model
        self.samples.append((now, steps))
        while len(self.samples) > 2 and now - self.samples[0][0] > RATE_WINDOW_S:
            self.samples.popleft()
        (t0, s0), (t1, s1) = self.samples[0], self.samples[-1]
        if t1 - t0 < 0.5 or s1 == s0:
            return None
        return (s1 - s0) / (t1 - t0)


@solara.component
def RunControls(
    model: solara.Reactive,
    frames: FrameSync,
    hours_per_step: solara.Reactive,
    pace: solara.Reactive,
    playing: solara.Reactive,
    on_reset,
):
    """Reset, play or pause, and step. Playing steps ``hours_per_step`` hours, asks for a
    redraw and waits for the frame, then pauses as the ``pace`` (a key of ``PLAY_PAUSE_MS``)
    says; both are read at every step, so they can change while the town plays. ``playing``
    is whether the town plays (the page shows the pace only then)."""
    error = solara.use_reactive(None)
    page = solara.use_memo(sessions.PageWatch, [])

    def advance() -> int:
        m = model.value
        for _ in range(hours_per_step.value):
            m.step()
        force_update()
        return m.steps

    def play_loop() -> None:
        try:
            while playing.value:
                if page.gone():  # the tab was closed: stop using the server's CPU
                    playing.value = False
                    return
                drawn_here = frames.wait(advance())
                pause_s = PLAY_PAUSE_MS[pace.value] / 1000.0
                pause = pause_s if drawn_here else max(pause_s, HANDOVER_PAUSE_S)
                if pause:
                    time.sleep(pause)
        except Exception as e:
            traceback.print_exc()
            error.value = f"error while playing: {e}"
            playing.value = False

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=True)

    def step_once() -> None:
        try:
            advance()
        except Exception as e:
            traceback.print_exc()
            error.value = f"error in step: {e}"

    def reset() -> None:
        playing.value = False
        error.value = None
        on_reset()

    with solara.Row(justify="space-between"):
        solara.Button("Reset", color="primary", on_click=reset, classes=["safecity-reset"])
        solara.Button(
            "❚❚ Pause" if playing.value else "▶ Play",
            color="primary",
            on_click=lambda: playing.set(not playing.value),
            classes=["safecity-play"],
        )
        solara.Button(
            "Step",
            color="primary",
            on_click=step_once,
            disabled=playing.value,
            classes=["safecity-step"],
        )
    if error.value:
        solara.Error(error.value)
