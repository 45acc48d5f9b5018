from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join the hub only through an invitation."""

    def is_open_for_signup(self, request) -> bool:
        return False
