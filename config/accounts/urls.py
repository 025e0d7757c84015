from django.urls import path

from config.accounts import views

app_name = "accounts"
urlpatterns = [
    path("enrol/", views.enrol, name="enrol"),
    path("verify/", views.verify, name="verify"),
]
