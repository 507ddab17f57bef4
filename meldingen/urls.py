from django.urls import path

from meldingen import views

app_name = "meldingen"

urlpatterns = [
    path("meldingen/", views.SubscribeView.as_view(), name="subscribe"),
    path("meldingen/verstuurd/", views.SentView.as_view(), name="sent"),
    path("meldingen/bevestigen/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("meldingen/uitschrijven/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
