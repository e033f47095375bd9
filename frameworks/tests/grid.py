from django.core.files.uploadedfile import SimpleUploadedFile

from frameworks.exporting import dump_yaml
from frameworks.tests.factories import make_data, make_version
from kokybe.grid import Route


def versions(cast):
    """A shipped version, one Alfa imported itself, and one Beta imported (which Alfa must never reach)."""
    if "fw_alfa" not in cast.extra:
        cast.extra["fw_shipped"] = make_version(code="grid-shipped")
        cast.extra["fw_alfa"] = make_version(org=cast.alfa, code="grid-own")
        cast.extra["fw_beta"] = make_version(org=cast.beta, code="grid-own")
    return cast.extra


def own(cast):
    return {"pk": versions(cast)["fw_alfa"].pk}


def foreign(cast):
    return {"pk": versions(cast)["fw_beta"].pk}


def upload(cast):
    content = dump_yaml(make_data(code="grid-upload")).encode()
    return {"file": SimpleUploadedFile("framework.yaml", content, content_type="application/yaml")}


GRID = [
    Route("frameworks:list"),
    Route("frameworks:template"),
    # One Route per name: the POST walks the gate and the importer (GET is in test_views).
    Route("frameworks:upload", method="post", data=upload),
    Route("frameworks:version", kwargs=own, foreign=foreign),
    Route("frameworks:export_yaml", kwargs=own, foreign=foreign),
    Route("frameworks:export_xlsx", kwargs=own, foreign=foreign),
]
