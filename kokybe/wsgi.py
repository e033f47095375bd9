"""
WSGI config for kokybe project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/6.1/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokybe.settings")

application = get_wsgi_application()

# Loaded at start, so the first PDF report a worker makes is as fast as the rest (see kokybe.lib.pdf.preload).
from kokybe.lib.pdf import preload  # noqa: E402

preload()

# A server whose apps keep encrypted fields does not start without their key (kokybe/lib/crypto.py).
from kokybe.lib.crypto import require_keys  # noqa: E402

require_keys()

# The URLconf, the surfaces, the translations and the common templates, loaded now rather than on each worker's
# first request (which took ~3.5 s; see kokybe.lib.warm).
from kokybe.lib.warm import warm  # noqa: E402

warm()
