"""The Hydra structured-config schema, generated from the parameter dataclasses of sim/params/.

Each group of ``SimParams`` becomes a node whose fields are the group's fields, typed as in
``sim.params`` but defaulting to ``None``: ``None`` means "as the preset says", so a config file
or a command-line override changes only what it names. Types are checked by OmegaConf as the
config is composed; ranges, choices and combinations by ``SimParams`` when the run starts.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Optional, get_type_hints

from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, OmegaConf

from sim.params import GROUPS, SimParams
from sim.params.costs import CostParams
from sim.params.declare import ParamError
from sim.params.experiment import ExperimentParams
from sim.params.policies import load_policy, policy_names, with_role
from sim.presets import make_params
from sim.world.streams import replicate_seed

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"
"""The repository's ``configs/``, where every Hydra entry point finds its configs."""
RUN_GROUP = "run"  # filled from the top-level `seed`, `replicate` and `days`


def _overrides_node(group_cls: type) -> type:
    hints = get_type_hints(group_cls)
    fields = [
        (f.name, Optional[hints[f.name]], dataclasses.field(default=None))  # noqa: UP045
        for f in dataclasses.fields(group_cls)
    ]
    return dataclasses.make_dataclass(f"{group_cls.__name__}Overrides", fields)


GROUP_NODES = {name: _overrides_node(cls) for name, cls in GROUPS.items() if name != RUN_GROUP}

RunConfig = dataclasses.make_dataclass(
    "RunConfig",
    [
        ("preset", str, dataclasses.field(default="town")),
        ("seed", int, dataclasses.field(default=0)),
        # null: run `seed` as is; an integer: run the seed derived from (seed, replicate)
        ("replicate", Optional[int], dataclasses.field(default=None)),  # noqa: UP045
        ("days", int, dataclasses.field(default=7)),
        ("progress", bool, dataclasses.field(default=True)),
        *[
            (name, node, dataclasses.field(default_factory=node))
            for name, node in GROUP_NODES.items()
        ],
    ],
)


DEFAULT_POLICIES = with_role("experiment")

ExperimentNode = _overrides_node(ExperimentParams)
CostNode = _overrides_node(CostParams)

DisplacementConfig = dataclasses.make_dataclass(
    "DisplacementConfig",
    [
        # set by the city group (configs/city/): `safecity-experiment city=lahore`
        ("preset", str, dataclasses.field(default="town")),
        ("policies", list[str], dataclasses.field(default_factory=lambda: list(DEFAULT_POLICIES))),
        # None fields take ExperimentParams' defaults (sim/params/experiment.py)
        ("experiment", ExperimentNode, dataclasses.field(default_factory=ExperimentNode)),
        # None fields take CostParams' defaults (sim/params/costs.py)
        ("costs", CostNode, dataclasses.field(default_factory=CostNode)),
        ("overrides", list[str], dataclasses.field(default_factory=list)),
        ("n_jobs", int, dataclasses.field(default=2)),
        ("tiny", bool, dataclasses.field(default=False)),
        # the channel split (channels.csv): false skips its extra runs
        ("channels", bool, dataclasses.field(default=True)),
    ],
)


def register() -> None:
    """Register the schemas with Hydra: ``schema`` for a run, ``displacement_schema`` for the
    displacement experiment."""
    store = ConfigStore.instance()
    store.store(name="schema", node=RunConfig)
    store.store(name="displacement_schema", node=DisplacementConfig)
    # The policy group comes from the registry (sim/params/policies.py): `policy=safe_city`.
    # A YAML file a user adds to configs/policy/ joins the group beside these.
    for name in policy_names():
        store.store(group="policy", name=name, node=load_policy(name), package="_global_")


def set_fields(node: DictConfig) -> dict[str, Any]:
    """The fields of a config node that are not ``None``."""
    return {k: v for k, v in OmegaConf.to_container(node, resolve=True).items() if v is not None}


def overrides_of(cfg: DictConfig) -> dict[str, dict[str, Any]]:
    """The parameter overrides a composed config sets: ``{group: {field: value}}``, without
    the fields left at ``None``, plus the run group from the top-level ``seed``, ``replicate``
    and ``days`` (the seed run is :func:`run_seed` of the first two)."""
    out: dict[str, dict[str, Any]] = {}
    for name in GROUP_NODES:
        node = OmegaConf.to_container(cfg[name], resolve=True)
        set_fields = {k: v for k, v in node.items() if v is not None}
        if set_fields:
            out[name] = set_fields
    out[RUN_GROUP] = {"seed": run_seed(cfg.seed, cfg.replicate), "days": cfg.days}
    return out


def run_seed(seed: int, replicate: int | None) -> int:
    """The seed a run uses: ``seed`` itself when ``replicate`` is ``None``, else the replicate
    seed derived from root ``seed`` (:func:`sim.world.streams.replicate_seed`).

    Raises:
        sim.params.ParamError: if the seed or the replicate is negative.
    """
    if replicate is None:
        return seed
    if seed < 0 or replicate < 0:
        raise ParamError(
            f"seed = {seed}, replicate = {replicate}: a replicate seed derives from a root seed "
            "and a replicate number that are both integers >= 0; set them so (or replicate=null)"
        )
    return replicate_seed(seed, replicate)


def params_from_config(cfg: DictConfig) -> SimParams:
    """Validated parameters of a composed config: its preset with its overrides on top.

    Raises:
        sim.params.ParamError: naming the field, the value and what is allowed.
    """
    return make_params(cfg.preset, overrides_of(cfg))
