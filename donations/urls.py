from django.urls import path

from donations import views

app_name = "donations"

urlpatterns = [
    path("", views.support, name="support"),
    path("monthly/", views.upgrade, name="upgrade"),
    path("thanks/", views.thanks, name="thanks"),
    path("fee/", views.fee_cover_quote, name="fee_cover"),
    path("manage/", views.manage, name="manage"),
    path("manage/<str:token>/", views.manage_page, name="manage_page"),
    path("manage/<str:token>/portal/", views.manage_portal, name="manage_portal"),
    path("manage/<str:token>/gifts/<int:pk>/terms/", views.manage_gift_terms, name="manage_terms"),
    path("manage/<str:token>/gifts/<int:pk>/pause/", views.manage_gift_pause, name="manage_pause"),
    path(
        "manage/<str:token>/gifts/<int:pk>/resume/", views.manage_gift_resume, name="manage_resume"
    ),
    path(
        "manage/<str:token>/gifts/<int:pk>/cancel/", views.manage_gift_cancel, name="manage_cancel"
    ),
    path("manage/card/<str:token>/", views.card_update, name="card_update"),
    path("manage/<str:token>/statement/<int:year>/", views.statement, name="statement"),
    path("webhooks/stripe/", views.stripe_webhook, name="stripe_webhook"),
    path("remind-me-later/", views.remind_later, name="remind_later"),
    path("remind-me-later/undo/", views.remind_later_undo, name="remind_later_undo"),
    path("remind-me/", views.reminder, name="reminder"),
    path("remind-me/cancel/<str:token>/", views.reminder_cancel, name="reminder_cancel"),
    path("banner/close/", views.close_banner, name="close_banner"),
    path("already-supporting/", views.already_supporting, name="already_supporting"),
    path("prompts/<slug:key>/seen/", views.prompt_seen, name="prompt_seen"),
]
