"""/api/v1/: the ninja API with every area's endpoints (api/endpoints/__init__.py names them)."""

from .core import api
from .endpoints import PROGRAMME_ROUTERS, ROUTERS

for router in [*ROUTERS, *PROGRAMME_ROUTERS]:
    api.add_router("", router)

urlpatterns, _app, app_name = api.urls
