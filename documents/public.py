"""Helpers of the public quality page (documents/views_public.py); its sections come from kokybe.surfaces."""

import hashlib

from kokybe import surfaces


def fingerprint(*parts):
    """A short stable hash of the page's inputs: its ETag and cache key."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]


def contact_parts(org):
    return (org.name, org.address, org.company_code, org.municipality, org.email, org.phone, org.website)


def is_live(org):
    """Whether /p/<org>/ exists: the page is a 404 until some section has published something."""
    return any(section.publishes for section in surfaces.public_sections_for(org))
