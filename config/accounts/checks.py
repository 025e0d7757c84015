"""`check --deploy` reports a deployment that lets demo accounts skip the second factor."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def second_factor_bypass(app_configs, **kwargs):
    if settings.SECOND_FACTOR_DEMO_BYPASS:
        return [
            Warning(
                "SECOND_FACTOR_DEMO_BYPASS is set: the demo accounts skip the second factor "
                "whenever DEBUG is on.",
                hint="Unset SECOND_FACTOR_DEMO_BYPASS outside local demos.",
                id="accounts.W001",
            )
        ]
    return []
