"""An unmet milestone is explained in a manager's words, with remedies that were checked by a schedule."""

from __future__ import annotations

import copy

from conftest import SMALL_INVENTORY, SMALL_TOPOLOGY

from planner.model import Inventory, PolicyFile, TopologyFile
from planner.pipeline import PlanSettings, make_plan


def county_bottleneck():
    """Six county systems of one-week migrations, one county slot, all due in the first three waves."""
    inventory = copy.deepcopy(SMALL_INVENTORY)
    template = inventory["systems"][2]  # ny-edu: a county system on the extranet
    inventory["systems"] = inventory["systems"][:1] + [
        dict(copy.deepcopy(template), id=f"ny-app-{i}", name=f"宁阳县业务系统{i}") for i in range(6)]
    inventory["systems"][0]["depends_on"] = []
    inventory["exits"] = inventory["exits"][1:]
    inventory["assets"] = []
    topology = copy.deepcopy(SMALL_TOPOLOGY)
    topology["topology"]["teams"] = [{"id": "city-ops", "serves": "region", "slots": 6},
                                     {"id": "county-ops", "serves": "counties", "slots": 1}]
    policy = {"policy": {"id": "tight", "start": "2017-12-04", "milestones": [
        {"id": "cloud-all", "measure": "eligible_systems_on_cloud", "at_least": 1.0, "by": "2017-12-24",
         "name_en": "All eligible systems on cloud"}]}}
    return (Inventory.model_validate(inventory), TopologyFile.model_validate(topology).topology,
            PolicyFile.model_validate(policy).policy)


def test_unmet_milestone_names_the_team_and_the_remedy():
    """Three waves with one county slot cannot cut over six county systems: the sentence says so and what fixes it."""
    plan = make_plan(*county_bottleneck(), PlanSettings(time_limit=5, explain_seconds=10))
    milestone = plan.milestones[0]
    assert (milestone.met, milestone.wave, round(milestone.planned, 6)) == (False, 3, round(4 / 7, 6))
    [conflict] = plan.conflicts
    assert conflict.milestone == "cloud-all"
    assert conflict.text.startswith("All eligible systems on cloud: 100 % of the eligible systems on cloud by "
                                    "2017-12-24 needs 7 of 7; the best plan reaches 4 (57 %). It is blocked by: ")
    assert "the county teams of 宁阳县 (county-ops@ningyang) can work on at most 1 migration at once" in conflict.text
    assert "team:ningyang" in conflict.constraints
    assert "the county teams of 宁阳县 (county-ops@ningyang): 2 slots instead of 1 (+1)" in conflict.remedies
    assert any(r.startswith("a later date: ") for r in conflict.remedies)
    assert "宁阳县运维团队同时最多迁移1个系统" in conflict.text_zh


def test_conflicts_are_the_same_bytes_twice():
    """The explanation stops on deterministic time too: an unmet milestone gives the same plan twice."""
    from planner.plan import plan_to_json

    first, second = (plan_to_json(make_plan(*county_bottleneck(), PlanSettings(time_limit=3, explain_seconds=5)))
                     for _ in range(2))
    assert '"conflicts": [\n  {' in first
    assert first == second


def test_remedies_search_by_bisection_and_check_the_one_they_name():
    """The least relaxation that meets, found in a few checks (largest first), and None when even the largest fails."""
    from planner.waves.conflicts import _least

    asked: list[int] = []

    def meets(k: int) -> bool:
        asked.append(k)
        return k >= 6

    assert _least((1, 2, 3, 4, 6, 8, 12, 16), meets) == 6
    assert asked[0] == 16 and 6 in asked and len(asked) <= 4
    assert _least((1, 2, 4), lambda k: False) is None
    assert _least((1, 2, 4), lambda k: True) == 1
