from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    # The provider vouches for an address only where its account says so: here, a last name "unverified" says not.
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "email_verified": "email"}

    def get_additional_claims(self, request):
        user = request.user
        return {"email": user.email, "email_verified": user.last_name != "unverified", "name": user.get_full_name()}
