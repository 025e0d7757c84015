from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "config.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self):
        from config.accounts import checks, language  # noqa: F401  (the deploy check, sign-in)
