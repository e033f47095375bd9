from frameworks.models import Criterion, Framework, FrameworkVersion, Indicator, Principle
from orgs.models import ActivityEntry

TABLES = (Framework, FrameworkVersion, Principle, Criterion, Indicator, ActivityEntry)


def table_counts():
    """Rows in every table an import writes, to prove a refused import wrote nothing."""
    return {model.__name__: model.objects.count() for model in TABLES}
