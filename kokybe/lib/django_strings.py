"""Django's own strings that its Lithuanian catalogue lacks; listed here so makemessages puts them in ours.

Our catalogue (LOCALE_PATHS) takes precedence over Django's, so translating them here fixes them everywhere.
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),
]
