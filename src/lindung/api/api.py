"""REST API /api/v1 (django-ninja), authenticated with personal bearer tokens, scoped like the pages."""

from ninja import NinjaAPI
from ninja.security import HttpBearer

from lindung.accounts.services import api_token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(secret=token)
        if user is None:
            return None
        request.user = user
        return user


api = NinjaAPI(
    title="Lindung API",
    version="1",
    description="API Lindung: registri orang (NIK), program, wilayah, dan cakupan. Autentikasi: "
    "`Authorization: Bearer TOKEN` (buat dengan `lindung token create USERNAME`).",
    auth=BearerToken(),
    urls_namespace="api",
)
