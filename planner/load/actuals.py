"""The one reader of actuals (what has really happened), checked against the objects they name.

``planner plan --actuals`` checks them against the inventory, ``planner progress`` against a plan:
both through :class:`KnownObjects`, so the same file is read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Actuals, ActualsFile
from .messages import validated
from .references import check_actuals
from .sources import Located, read_yaml


@dataclass(frozen=True)
class KnownObjects:
    """What facts are checked against: the system, network and exit ids (system id -> classified).

    Built from the inventory (``planner plan --actuals``) or from a plan (``planner progress``): a plan
    lists the inventory's objects, so both read the same actuals the same way.
    """

    systems: dict[str, bool]
    networks: frozenset[str]
    exits: frozenset[str]

    @classmethod
    def of(cls, inventory_or_plan: Any) -> KnownObjects:
        return cls({s.id: bool(s.classified) for s in inventory_or_plan.systems},
                   frozenset(n.id for n in inventory_or_plan.networks), frozenset(e.id for e in inventory_or_plan.exits))


def load_actuals(source: Path | str | dict | Actuals, known: Any, where: str = "actuals") -> Actuals:
    """What has really happened: from a YAML file (located errors), a dict (``{"actuals": {...}}``) or a model.

    ``known`` is the inventory, a plan, or :class:`KnownObjects`. Facts contradicting it are input errors,
    every one at once (:func:`planner.load.references.check_actuals`); this is the one reader of actuals.
    """
    known = known if isinstance(known, KnownObjects) else KnownObjects.of(known)
    if isinstance(source, Actuals):
        issues = check_actuals(source, known, lambda _p: where)
        if issues:
            raise InputError(issues)
        return source
    located = Located(where, source, lines={}) if isinstance(source, dict) else read_yaml(Path(source))
    if isinstance(located.data, dict) and "actuals" not in located.data and "as_of" in located.data:
        located.data = {"actuals": located.data}  # a file holding the facts without the top-level key
    model = validated(ActualsFile, located.data, (), located.where, issues := [])
    if model is not None:
        issues += check_actuals(model.actuals, known, located.where)
    if issues:
        raise InputError(issues)
    return model.actuals
