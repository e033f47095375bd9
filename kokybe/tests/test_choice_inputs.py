"""`|input_tag` writes what `BoundWidget.tag` renders through Django's templates, byte for byte."""

import pytest
from django import forms

from kokybe.templatetags.choice_inputs import input_tag
from orgs.models import Unit


class Everything(forms.Form):
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A"), ('q"&<', "Kabutės & <ženklai>"), ("", "Tuščia")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "x", "data-off": False, "data-on": True}),
    )
    radio = forms.ChoiceField(choices=[(1, "Vienas"), (2, "Du")], widget=forms.RadioSelect, help_text="Pagalba")
    optional = forms.ChoiceField(choices=[("x", "X")], widget=forms.RadioSelect, required=False)


@pytest.mark.parametrize("data", [None, {"boxes": ["a", 'q"&<'], "radio": "2"}])
def test_every_option_is_written_as_the_widget_template_writes_it(data):
    form = Everything(data, initial={"boxes": ["a"], "radio": 1})
    options = [option for name in ("boxes", "radio", "optional") for option in form[name]]
    assert len(options) == 6
    for option in options:
        assert input_tag(option) == option.tag()


@pytest.mark.django_db
def test_model_choices_are_written_as_the_widget_template_writes_them(cast):
    class Units(forms.Form):
        units = forms.ModelMultipleChoiceField(Unit.objects.filter(org=cast.alfa), widget=forms.CheckboxSelectMultiple)

    form = Units(initial={"units": [cast.alfa_unit.pk]})
    options = list(form["units"])
    assert len(options) == 2 and any("checked" in option.tag() for option in options)
    for option in options:
        assert input_tag(option) == option.tag()
