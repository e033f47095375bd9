"""A stored framework version back out as data (and YAML) in the library format; it re-imports as a no-op."""

import yaml
from django.db.models import Prefetch

from .models import Criterion, FrameworkVersion, Indicator, Principle


def with_tree(queryset=None):
    """Versions with their principles → criteria → indicators in four queries, however many indicators there are."""
    queryset = FrameworkVersion.objects.all() if queryset is None else queryset
    return queryset.select_related("framework").prefetch_related(
        Prefetch(
            "principles",
            queryset=Principle.objects.order_by("order", "pk").prefetch_related(
                Prefetch(
                    "criteria",
                    queryset=Criterion.objects.order_by("order", "pk").prefetch_related(
                        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk"))
                    ),
                )
            ),
        )
    )


def export_data(version):
    """The version as a dict in file order (format, framework, version, principles). Fetch it with with_tree()."""
    fw = version.framework

    def pick(obj, *names):
        return {name: getattr(obj, name) for name in names}

    return {
        "format": 1,
        "framework": pick(fw, "code", "name_lt", "name_en", "publisher", "level", "description_lt", "description_en"),
        "version": {
            **pick(version, "label", "year", "status", "validity_years", "notice_lt", "notice_en"),
            "scoring": version.scoring,
        },
        "principles": [
            {
                **pick(p, "code", "name_lt", "name_en", "description_lt", "description_en"),
                "criteria": [
                    {
                        **pick(c, "code", "title_lt", "title_en", "text_lt", "text_en"),
                        "indicators": [
                            pick(i, "code", "title_lt", "title_en", "text_lt", "text_en", "mandatory", "level")
                            | {"evidence_types": list(i.evidence_types)}
                            for i in c.indicators.all()
                        ],
                    }
                    for c in p.criteria.all()
                ],
            }
            for p in version.principles.all()
        ],
    }


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value):
    # Long texts as readable blocks, not one escaped line.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _drop_empty(value):
    """Leave out empty optional texts so an exported file reads like a hand-written one (import fills them back)."""
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if v not in ("", None, []) or k in _KEEP}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value


_KEEP = {"weights", "pass_threshold", "score", "mandatory"}


def dump_yaml(data):
    return yaml.dump(_drop_empty(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)


def export_yaml(version):
    return dump_yaml(export_data(version))
