from django.urls import path

from staff import views

app_name = "staff"

urlpatterns = [
    path("", views.two_factor, name="two_factor"),
    path("verify/", views.verify, name="verify"),
]
