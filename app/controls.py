"""The control panel: the policy preset, the seed, the twin option and one input per declared
parameter (:mod:`app.state`), each showing the value that is running.

Mesa's ``SolaraViz`` parameter inputs are replaced here for a reason: they keep the values they
were created with and cannot follow a policy preset, so an audience would see values that are not
running.
"""

from __future__ import annotations

import solara

from app import state

TWIN_LABEL = "run the twin alongside (same town and draws, no cameras, no alternatives)"


@solara.component
def ControlInput(control: state.Control, value, on_value):
    """One input for one declared parameter: a select, checkbox, slider or number box."""
    label = control.label
    css_class = f"control-{control.group}-{control.name}"
    with solara.Tooltip(control.doc), solara.Column(gap="0px", classes=[css_class]):
        if control.kind == "select":
            solara.Select(label, value=value, values=list(control.choices), on_value=on_value)
        elif control.kind == "checkbox":
            solara.Checkbox(label=label, value=value, on_value=on_value)
        elif control.kind == "slider_int":
            solara.SliderInt(
                f"{label}: {value}",
                value=value,
                min=int(control.lo),
                max=int(control.hi),
                step=1,
                on_value=on_value,
            )
        elif control.kind == "slider_float":
            solara.SliderFloat(
                f"{label}: {value:g}",
                value=value,
                min=control.lo,
                max=control.hi,
                step=control.step_for(value),
                on_value=on_value,
            )
        elif control.kind == "number_int":
            solara.InputInt(label, value=value, on_value=on_value, continuous_update=False)
        else:
            raise ValueError(f"control kind {control.kind!r} has no input")


@solara.component
def ControlPanel(settings: state.Settings, on_settings):
    """Policy preset, levers by section, seed and twin option; every value is the running one."""
    with solara.Card("Policy", margin=0):
        solara.Select(
            "policy preset",
            value=settings.policy,
            values=state.policy_names(),
            on_value=lambda name: on_settings(settings.with_policy(name)),
        )
        seed = state.seed_control()
        with solara.Row():
            solara.InputInt(
                "seed",
                value=settings.value(seed),
                on_value=lambda v: on_settings(settings.with_change(seed.key, v)),
                continuous_update=False,
            )
        solara.Checkbox(
            label=TWIN_LABEL,
            value=settings.twin,
            on_value=lambda on: on_settings(settings.with_twin(on)),
        )
    for title, controls in state.control_sections().items():
        with solara.Card(title, margin=0):
            for control in controls:
                ControlInput(
                    control,
                    settings.value(control),
                    lambda v, c=control: on_settings(settings.with_change(c.key, v)),
                )
