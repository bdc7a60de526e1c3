from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.api import api
from evaluations import views as evaluation_views

urlpatterns = [
    path("", evaluation_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("evaluations/", include("evaluations.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("jobs/", include("jobs.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
