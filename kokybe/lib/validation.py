"""Model validation without the queries it need not make.

`full_clean()` checks each ForeignKey by asking the database whether the row exists, and each unique field by asking
whether another row has the value. A service that was handed the related rows themselves (read a moment ago, in
the same transaction) or that drew a random key needs neither: the database's own constraints still refuse a bad
row. `rows_in_hand(instance)` names the ForeignKeys whose related object is already on the instance, to pass to
`full_clean(exclude=...)` together with the fields the caller vouches for.
"""

from django.db import models


def rows_in_hand(instance: models.Model) -> list[str]:
    """Names of the instance's ForeignKeys that hold a saved related object (not only its id)."""
    names = []
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.is_cached(instance):
            related = field.get_cached_value(instance)
            if related is not None and related.pk is not None:
                names.append(field.name)
    return names
