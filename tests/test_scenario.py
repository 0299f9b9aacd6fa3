"""The scenario's derived lookups follow its tables, also in copies."""

from builders import tiny_scenario

from planner.domain.entities import Pad, PadRocket


def test_a_copy_with_new_pads_rebuilds_its_lookups():
    s = tiny_scenario()
    assert "WC-3" not in s.pad_turnaround  # computes and caches the lookup first
    t = s.model_copy(update={
        "pads": (*s.pads, Pad(id="WC-3", site="WC", turnaround_days=3)),
        "pad_rockets": (*s.pad_rockets, PadRocket(pad="WC-3", rocket="CZ-12")),
    })
    assert t.pad_turnaround["WC-3"] == {"CZ-12": 3}
    assert t.pad["WC-3"].site == "WC"
    assert "WC-3" not in s.pad_turnaround
