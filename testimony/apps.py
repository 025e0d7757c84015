from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestimonyConfig(AppConfig):
    name = "testimony"
    verbose_name = _("Testimony: interviews and consent")

    def ready(self):
        from testimony.recordings import signals as recording_signals
        from testimony.search import signals

        signals.connect()
        recording_signals.connect()
