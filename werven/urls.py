from django.urls import path

from werven import views

app_name = "werven"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("werven/<int:number>/", views.WerfDetailView.as_view(), name="detail"),
]
