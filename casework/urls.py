from django.urls import path

from .views import case, disclosure, intake, lookup

app_name = "casework"

urlpatterns = [
    path("petitions/", case.petition_index, name="petition-list"),
    path("petitions/new/", intake.petition_create, name="petition-create"),
    path("petitions/duplicates/", intake.duplicate_candidates, name="petition-duplicates"),
    path("petitions/petitioners/", intake.petitioner_lookup, name="petitioner-lookup"),
    path("petitions/<id:pk>/", case.petition_detail, name="petition-detail"),
    path("petitions/<id:pk>/receipt/", intake.petition_receipt, name="petition-receipt"),
    path("petitions/<id:pk>/act/<str:action>/", case.petition_action, name="petition-action"),
    path("petitions/<id:pk>/reopen/", case.petition_reopen, name="petition-reopen"),
    path("petitions/<id:pk>/identity/", case.identity_grant, name="identity-grant"),
    path("petitions/<id:pk>/withdraw-summary/", disclosure.withdraw, name="disclosure-withdraw"),
    path("referrals/<id:pk>/slip/", case.referral_slip, name="referral-slip"),
    path("attachments/<id:pk>/", case.attachment_download, name="attachment-download"),
    path("lookup/", lookup.citizen_lookup, name="citizen-lookup"),
]
