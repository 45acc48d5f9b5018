"""The API tokens page below /intern/."""

from django.urls import path

from . import tokens

app_name = "api_intern"

urlpatterns = [
    path("api-tokens/", tokens.token_list, name="tokens"),
    path("api-tokens/<int:pk>/widerrufen/", tokens.token_revoke, name="token_revoke"),
]
