"""One way to draw a form field (templates/django/forms/field.html through FORM_RENDERER), and one page skeleton."""

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"


class _Form(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the certificate.")
    kinds = forms.MultipleChoiceField(
        label="Kinds", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, help_text="One or more."
    )


def test_a_field_has_its_label_then_help_then_errors_then_input_linked_by_aria():
    html = str(_Form(data={"name": ""})["name"].as_field_group())
    assert html.index("<label") < html.index('id="id_name_helptext"') < html.index('id="id_name_error"')
    assert html.index('id="id_name_error"') < html.index("<input")
    field = re.search(r"<input[^>]*>", html).group(0)
    assert 'aria-describedby="id_name_helptext id_name_error"' in field
    assert 'aria-invalid="true"' in field


def test_a_valid_field_is_not_marked_invalid_and_has_no_error_list():
    html = str(_Form(data={"name": "Ona"})["name"].as_field_group())
    assert "aria-invalid" not in html and "errorlist" not in html


def test_a_group_of_choices_is_a_fieldset_with_a_legend_described_by_its_help_and_errors():
    html = str(_Form(data={})["kinds"].as_field_group())
    assert re.search(r'<fieldset aria-describedby="id_kinds_helptext id_kinds_error">\s*<legend>Kinds:</legend>', html)


def test_the_project_field_template_is_the_one_in_use():
    html = str(_Form()["name"].as_field_group())
    assert '<span class="help" id="id_name_helptext">' in html  # ours; Django's own draws a div.helptext


def test_pages_draw_no_field_by_hand_with_label_tag():
    # Pages ask for {{ field.as_field_group }} or {{ form }}; label_tag belongs to the field template.
    offenders = [
        str(p.relative_to(TEMPLATES))
        for p in TEMPLATES.rglob("*.html")
        if "label_tag" in p.read_text(encoding="utf-8") and p.parts[-3:-1] != ("django", "forms")
    ]
    assert offenders == []


def test_every_full_page_layout_extends_the_one_skeleton():
    skeletons = [
        str(p.relative_to(TEMPLATES))
        for p in TEMPLATES.rglob("*.html")
        if "<!doctype html>" in p.read_text(encoding="utf-8").lower() and "pdf" not in str(p) and "email" not in str(p)
    ]
    assert skeletons == ["base_bare.html"]


def test_the_skeleton_carries_the_language_and_the_title_suffix():
    html = render_to_string("errors/404.html", request=RequestFactory().get("/"))
    assert re.search(r'<html lang="(lt|en)">', html) and "· Kokybė</title>" in html
