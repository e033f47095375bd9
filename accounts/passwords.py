"""The password policy's own wording (AUTH_PASSWORD_VALIDATORS in settings.py).

Django's MinimumLengthValidator says "too short" in English only (its Lithuanian catalogue lacks that message), so
Kokybė words it itself, with a phrase that also suggests how to make a long password easy to remember.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "This password is too short: it needs at least %(min_length)d character.",
            "This password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "At least %(min_length)d character. A few words you will remember make a good long password.",
            "At least %(min_length)d characters. A few words you will remember make a good long password.",
            self.min_length,
        ) % {"min_length": self.min_length}
