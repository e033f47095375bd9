"""The product's one upload path: every uploaded file is checked by content, renamed, stored per organisation.

Files go to the default storage under MEDIA_ROOT (never a static root) and are served only by permission-checked
views through file_response().
"""

import uuid


def upload_to(instance, filename):
    """orgs/<org id>/<app>/<random>.<ext>: the name a person chose never reaches the file system."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"orgs/{instance.org_id}/{instance._meta.app_label}/{uuid.uuid4().hex}.{ext}"
