"""Rows about indicators grouped as the framework's tree (frameworks/tree.py)."""

from types import SimpleNamespace as NS

from frameworks.tree import by_principle


def _row(principle, criterion, name):
    return NS(name=name, indicator=NS(criterion=NS(pk=criterion, principle_id=principle.pk, principle=principle)))


def test_rows_in_tree_order_group_by_principle_then_criterion():
    p1, p2 = NS(pk=1), NS(pk=2)
    rows = [_row(p1, 10, "a"), _row(p1, 10, "b"), _row(p1, 11, "c"), _row(p2, 20, "d")]
    groups = by_principle(rows)
    assert [g.principle for g in groups] == [p1, p2]
    assert [(c.pk, [r.name for r in rs]) for c, rs in groups[0].criteria] == [(10, ["a", "b"]), (11, ["c"])]
    assert [r.name for r in groups[0].rows] == ["a", "b", "c"]
    assert [r.name for r in groups[1].rows] == ["d"]


def test_no_rows_no_groups():
    assert by_principle([]) == []
