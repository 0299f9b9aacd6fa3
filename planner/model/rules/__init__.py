"""One module per hard rule family of the planning model (planning-model.md, Hard rules).

Each module states its rule twice: `build(v)` adds it to the model, `relax(v)` to the undated
relaxation that bounds the model (planner/model/relaxation.py), where it may be weaker or
dropped, never stronger. `RULES` is the one list of them, in the order the model adds them.
The rules that only narrow the choices (1, 3, 5, 6, 7 and the fixed launches' spacing) are
applied where the slots are made (planner/model/slots.py).
"""

from __future__ import annotations

from types import ModuleType

from planner.model.rules import (
                                 hard_milestones,
                                 launch_campaign,
                                 pad_turnaround,
                                 shell_size,
                                 site_separation,
                                 supply_chains,
)

RULES: tuple[ModuleType, ...] = (pad_turnaround, site_separation, supply_chains, shell_size, hard_milestones,
                                 launch_campaign)
