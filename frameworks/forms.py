from django import forms
from django.utils.translation import gettext_lazy as _

from kokybe.lib import uploads

from .importing import parse_yaml
from .xlsx import read_xlsx

# A framework file is text or a small workbook; far below the general upload limit.
MAX_UPLOAD = 2 * 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Framework file"),
        help_text=_("YAML in the Kokybė library format, or the XLSX template filled in. At most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        # Judged by content (kokybe.lib.uploads), not by name: an XLSX is a ZIP with [Content_Types].xml and a
        # workbook, and a macro-enabled one is refused however it is named.
        kind = uploads.sniff(upload, upload.name)
        if name.endswith(".xlsx"):
            if kind != uploads.XLSX:
                raise forms.ValidationError(_("This is not an XLSX workbook."))
        elif name.endswith(YAML_SUFFIXES):
            if kind not in (uploads.TXT, uploads.CSV):
                raise forms.ValidationError(_("This is not a text file."))
        else:
            raise forms.ValidationError(_("Upload a .yaml, .yml or .xlsx file."))
        return upload

    def document(self):
        """The parsed upload; raises FrameworkImportError for a file that cannot be read."""
        upload = self.cleaned_data["file"]
        upload.seek(0)
        if upload.name.lower().endswith(".xlsx"):
            return read_xlsx(upload, upload.name)
        return parse_yaml(upload.read(), upload.name)
