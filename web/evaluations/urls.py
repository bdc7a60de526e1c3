from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("new/", views.evaluation_new, name="new"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/edit/", views.evaluation_edit, name="edit"),
    path("<int:pk>/upload/", views.evaluation_upload, name="upload"),
    path("<int:pk>/template.xlsx", views.template_download, name="template"),
    path("<int:pk>/submit/", views.evaluation_submit, name="submit"),
    path("<int:pk>/withdraw/", views.evaluation_withdraw, name="withdraw"),
    path("<int:pk>/review/", views.evaluation_review, name="review"),
    path("<int:pk>/return/", views.evaluation_return, name="return"),
    path("<int:pk>/finalise/", views.evaluation_finalise, name="finalise"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/evidence/<int:item>/", views.evidence_download, name="evidence"),
    path("<int:pk>/evidence/<int:item>/remove/", views.evidence_remove, name="evidence_remove"),
    path("<int:pk>/audit/", views.evaluation_audit, name="audit"),
    path("<int:pk>/audit/<int:run>/note/", views.audit_note, name="audit_note"),
    path("<int:pk>/history/", views.evaluation_history, name="history"),
    path("<int:pk>/plan/", views.evaluation_plan, name="plan"),
    path("<int:pk>/download/<str:kind>/", views.evaluation_download, name="download"),
]
